/*
 * verify.h - the `irscan verify DIR` command.
 */
#ifndef IRSCAN_VERIFY_H
#define IRSCAN_VERIFY_H

#include "model/config.h"

/* Check the bundle; returns the exit code (0 verified, 1 not, 2 usage). */
int verify_run(const struct config *cfg);

#endif
