/*
 * interrupt.c - see interrupt.h.  No SA_RESTART: a signal makes the
 * poll() inside curl_multi_poll() and a blocking open() or write() return
 * at once (EINTR), so the loop sees the flag without waiting out a
 * timeout.
 */
#include "util/interrupt.h"
#include "util/msg.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t received;

static void on_signal(int sig)
{
	if (!received)
		received = sig;
}

void interrupt_setup(void)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		struct sigaction old;

		/* Ignored on entry (nohup, a background job of a script):
		 * whoever started irscan asked for that; keep it so. */
		if (!sigaction(stops[i], NULL, &old) && old.sa_handler == SIG_IGN)
			continue;
		sigaction(stops[i], &sa, NULL);
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
}

int interrupt_signal(void)
{
	return received;
}

void interrupt_raise(int sig)
{
	if (!received)
		received = sig;
}

int interrupt_exit_code(int sig)
{
	return 128 + sig;
}

const char *interrupt_name(int sig)
{
	return sig == SIGINT ? "SIGINT" : sig == SIGTERM ? "SIGTERM" :
	       sig == SIGHUP ? "SIGHUP" : "signal";
}

void interrupt_say_no_report(const char *more)
{
	if (received && received != SIGPIPE)
		msg_error("interrupted (%s): no report written, previous reports unchanged%s",
			  interrupt_name(received), more);
}
