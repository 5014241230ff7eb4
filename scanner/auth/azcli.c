/*
 * azcli.c - the Azure CLI's sign-in (`az login`): a token from
 * `az account get-access-token --resource <ARM audience> --output json`
 * (azure-arm/README.md §9.6).
 *
 * az runs as a child process without a shell (posix_spawnp, fixed
 * arguments), with stdin from /dev/null, its output bounded and read
 * with a deadline; a CLI that hangs is killed.  The token is taken from
 * `accessToken`, its lifetime from `expires_on` (epoch seconds) or, from
 * older CLIs, `expiresOn` (local time).  This runs synchronously: a
 * refresh pauses the request loop for the second az takes, about once
 * an hour.
 */
#include "auth/methods.h"
#include "util/clock.h"
#include "util/interrupt.h"
#include "util/json.h"
#include "util/msg.h"
#include "util/redact.h"
#include "util/xmalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define CLI_OUT_MAX (1024 * 1024)
#define CLI_ERR_MAX (64 * 1024)

struct cli_run {
	struct buf out, err;
	int status;		/* exit status, -1 when killed or not started */
};

/*
 * Read both pipes until they close or the deadline passes, closing them;
 * 0, or -1 on timeout.
 */
static int drain(int out_fd, int err_fd, int64_t deadline, struct cli_run *run)
{
	struct pollfd p[2] = { { out_fd, POLLIN, 0 }, { err_fd, POLLIN, 0 } };
	char chunk[4096];
	int rc = 0;

	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int64_t left = deadline - clock_mono_ms();
		int i, ready;

		if (left <= 0 || interrupt_signal()) {
			rc = -1;
			break;
		}
		ready = poll(p, 2, left > 1000 ? 1000 : (int)left);
		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0) {
			rc = -1;
			break;
		}
		for (i = 0; i < 2; i++) {
			ssize_t n;

			if (p[i].fd < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, chunk, sizeof(chunk));
			if (n <= 0) {
				close(p[i].fd);
				p[i].fd = -1;
				continue;
			}
			/* Past the cap the rest is dropped: the parse will fail. */
			if (buf_addn_capped(i ? &run->err : &run->out, chunk, (size_t)n) < 0)
				(void)0;
		}
	}
	if (p[0].fd >= 0)
		close(p[0].fd);
	if (p[1].fd >= 0)
		close(p[1].fd);
	return rc;
}

/* Run argv; -1 with why when it could not start or did not finish. */
static int run_cli(char *const argv[], long timeout_ms, struct cli_run *run, struct buf *why)
{
	posix_spawn_file_actions_t fa;
	int out[2] = { -1, -1 }, err[2] = { -1, -1 }, rc, ws;
	pid_t pid;

	run->status = -1;
	if (pipe(out) || pipe(err)) {
		buf_addf(why, "cannot run az: %s", strerror(errno));
		goto fail;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	posix_spawn_file_actions_addclose(&fa, out[0]);
	posix_spawn_file_actions_addclose(&fa, err[0]);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out[1]);
	close(err[1]);
	out[1] = err[1] = -1;
	if (rc) {
		if (rc == ENOENT)
			buf_add(why, "the Azure CLI (az) was not found on PATH: install it "
				"and run az login, or use another credential");
		else
			buf_addf(why, "cannot run az: %s", strerror(rc));
		goto fail;
	}
	rc = drain(out[0], err[0], clock_mono_ms() + timeout_ms, run);
	out[0] = err[0] = -1;	/* drain() closed them */
	if (rc) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		buf_addf(why, "az account get-access-token did not finish within %ld s",
			 timeout_ms / 1000);
		goto fail;
	}
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	run->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	return 0;
fail:
	if (out[0] >= 0)
		close(out[0]);
	if (err[0] >= 0)
		close(err[0]);
	return -1;
}

/* expiresOn of older CLIs: "2024-01-01 12:00:00.000000" in local time. */
static double local_time_lifetime(const char *s)
{
	struct tm tm = { 0 };
	time_t t;

	/* Field widths bound every number: no overflow. */
	if (!s || sscanf(s, "%4d-%2d-%2d %2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, /* NOLINT(cert-err34-c) */
			 &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	return t == (time_t)-1 ? -1 : difftime(t, time(NULL));
}

static void first_line(struct buf *b, const struct buf *text)
{
	size_t n = strcspn(text->buf, "\r\n");

	buf_addn(b, text->buf, n > 200 ? 200 : n);
}

int cli_parse_token(const char *out, size_t len, char **token, double *life_s,
		    struct buf *err)
{
	cJSON *root = json_parse(out, len);
	const char *tok = json_str(root, "accessToken");
	const char *type = json_str(root, "tokenType");
	double life;
	int rc = -1;

	*token = NULL;
	if (!tok || !*tok || (type && strcasecmp(type, "Bearer"))) {
		buf_add(err, "az account get-access-token printed no bearer accessToken");
		goto done;
	}
	life = expires_on_lifetime(root, "expires_on");
	if (life <= 0)
		life = local_time_lifetime(json_str(root, "expiresOn"));
	if (life <= 0 || life > 86400 * 7) {
		buf_add(err, "az account get-access-token gave no usable expiry "
			"(expires_on, expiresOn)");
		goto done;
	}
	*token = xstrdup(tok);
	*life_s = life;
	rc = 0;
done:
	cJSON_Delete(root);
	return rc;
}

static void cli_request(struct credential *c)
{
	const char *tenant = c->tenant_id;
	char *argv[] = { "az", "account", "get-access-token", "--resource", c->resource,
			 "--output", "json", NULL, NULL, NULL };
	struct cli_run run = { BUF_INIT, BUF_INIT, -1 };
	struct buf why = BUF_INIT;
	char *token = NULL;
	double life = 0;

	buf_init(&run.out, CLI_OUT_MAX);
	buf_init(&run.err, CLI_ERR_MAX);
	if (tenant) {
		argv[7] = "--tenant";
		argv[8] = (char *)tenant;
	}
	msg_verbose("running az account get-access-token --resource %s --output json%s%s",
		    c->resource, argv[7] ? " --tenant " : "", argv[7] ? tenant : "");
	if (run_cli(argv, c->timeout_ms > 0 ? c->timeout_ms : 30000, &run, &why))
		goto fail;
	if (run.status) {
		if (strstr(run.err.buf, "az login")) {
			buf_add(&why, "the Azure CLI is not logged in: run az login");
		} else {
			buf_addf(&why, "az account get-access-token failed (exit %d)", run.status);
			if (run.err.len) {
				buf_add(&why, ": ");
				first_line(&why, &run.err);
			}
		}
		goto fail;
	}
	if (cli_parse_token(run.out.buf, run.out.len, &token, &life, &why))
		goto fail;
	cred_token_ready(c, token, life);
	goto done;
fail:
	cred_token_failed(c, why.buf);
done:
	redact_free_str(token);
	redact_wipe(run.out.buf, run.out.len);
	buf_release(&run.out);
	buf_release(&run.err);
	buf_release(&why);
}

static const struct credential_ops cli_ops = {
	.name = "cli",
	.request = cli_request,
	.free_impl = NULL,
};

/* Is there an executable `name` in a directory of PATH? */
static int on_path(const char *name)
{
	const char *path = getenv("PATH"), *p;
	struct buf file = BUF_INIT;
	int found = 0;

	for (p = path ? path : ""; *p && !found; ) {
		size_t n = strcspn(p, ":");

		buf_reset(&file);
		buf_addf(&file, "%.*s/%s", (int)n, n ? p : ".", name);
		found = access(file.buf, X_OK) == 0;
		p += n + (p[n] == ':');
	}
	buf_release(&file);
	return found;
}

struct credential *cred_cli_new(const struct auth_env *env, struct buf *why, int *absent)
{
	const char *tenant = env->tenant_id;
	struct credential *c;

	if (!on_path("az")) {
		*absent = 1;
		buf_add(why, "the Azure CLI (az) was not found on PATH: install it and "
			"run az login, or use another credential");
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->ops = &cli_ops;
	/* az signs in to AZURE_TENANT_ID when it is a usable id; else its own. */
	if (tenant && *tenant && cred_id_ok(tenant))
		c->tenant_id = xstrdup(tenant);
	return c;
}
