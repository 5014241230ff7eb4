/*
 * interrupt.h - SIGINT, SIGTERM and SIGHUP end a scan (or a merge) cleanly.
 *
 * The handler only records the signal; the HTTP loop, the report writer
 * and the scan look at interrupt_signal() at their safe points, stop
 * there, leave previous reports as they were and exit 128 + the signal
 * (130, 143, 129).  SIGPIPE is ignored so that a closed standard output
 * is an EPIPE the writer can handle (exit 141 without a partial file),
 * and SIGXFSZ too, so that a file size limit is a write error (EFBIG).
 */
#ifndef IRSCAN_INTERRUPT_H
#define IRSCAN_INTERRUPT_H

/* Install the handlers (once, before the first request). */
void interrupt_setup(void);
/* The first signal received, or 0. */
int interrupt_signal(void);
/* Behave as if signal sig had been received (a closed stdout: SIGPIPE). */
void interrupt_raise(int sig);
/* The exit code of a scan stopped by sig: 128 + sig. */
int interrupt_exit_code(int sig);
/* "SIGINT", "SIGTERM", "SIGHUP", or "signal": for messages. */
const char *interrupt_name(int sig);
/*
 * The line of a command a signal stopped before its reports were put in
 * place: "interrupted (SIGTERM): no report written, previous reports
 * unchanged", then `more` ("" for nothing); none for SIGPIPE, whose
 * reader went away.
 */
void interrupt_say_no_report(const char *more);

#endif
