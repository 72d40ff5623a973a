// libFuzzer's entry for programs that keep their own main: runs the fuzzing loop (or the given
// inputs) with the command-line flags in argc/argv, calling `callback` once per input.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
