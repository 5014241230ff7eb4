/*
 * completion.h - `irscan completion bash`: the shell completion script,
 * generated from the option table.
 */
#ifndef IRSCAN_COMPLETION_H
#define IRSCAN_COMPLETION_H

#include <stdio.h>

/* 1 when `shell` is one completion_print() can write for ("bash"). */
int completion_shell_known(const char *shell);
/* Write the completion script for `shell`; 0, or -1 on a write error. */
int completion_print(FILE *out, const char *shell);

#endif
