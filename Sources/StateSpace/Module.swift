// Placeholder: the engine lands here.
