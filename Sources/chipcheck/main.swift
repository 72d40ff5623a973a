import ChipcheckCLI

// The command line lives in the ChipcheckCLI library so that another package can run the same
// commands with models of its own (see Examples/DownstreamModel).
ChipcheckCLI.main()
