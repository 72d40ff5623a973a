// Placeholder: this module's sources land here.
