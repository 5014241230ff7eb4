/*
 * completion.h - `irscan completion bash`: the shell completion script,
 * generated from the option table.
 */
#ifndef IRSCAN_COMPLETION_H
#define IRSCAN_COMPLETION_H

#include <stdio.h>

/*
 * 0 when `shell` is one completion_print() writes for ("bash"); else -1
 * after a usage message.  main.c asks before anything runs, as the
 * option parser's own checks do (exit code 2).
 */
int completion_check_shell(const char *shell);
/* Write the completion script for `shell`; 0, or -1 on a write error. */
int completion_print(FILE *out, const char *shell);

#endif
