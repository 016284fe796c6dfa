/* process { user, groups, cwd, hostname, env, env_pass, rlimit, umask,
 * no_new_privs, init, stdio, terminal, notify, listen_fds }: the
 * credentials, environment and fds of the command. */
#include "frontend/fe.h"

#include <stdlib.h>
#include <string.h>

#include "vocab/vocab.h"

static const char *const words[] = {
	"user", "groups", "cwd", "hostname", "env", "env_pass", "rlimit", "umask",
	"no_new_privs", "init", "stdio", "terminal", "notify", "listen_fds",
};
enum { P_USER, P_GROUPS, P_CWD, P_HOSTNAME, P_ENV, P_ENV_PASS, P_RLIMIT, P_UMASK,
       P_NNP, P_INIT, P_STDIO, P_TERMINAL, P_NOTIFY, P_LISTEN_FDS, P_COUNT };

/* The two-word choices: the default first (docs/language.md). */
static const char *const stdio_words[] = { "relay", "strict" };
static const char *const terminal_words[] = { "pty", "inherit" };
static const char *const notify_words[] = { "off", "relay" };
static const char *const listen_fds_words[] = { "close", "pass" };

/* A scalar set again: within one file with a different value it is a
 * contradiction; otherwise the later one wins. Returns false to skip. */
static bool may_set(struct fe_ctx *c, const struct ast_stmt *s, const struct ir_origin *prev,
		    bool same_value)
{
	struct ir_origin now = fe_origin(c, &s->loc);
	if (prev->file && fe_same_file(prev, &now) && !same_value) {
		fe_conflict(c, &s->loc, prev, "'%s' is set twice in this file with different values",
			    ast_head(s));
		return false;
	}
	return true;
}

/* A user or group name as /etc/passwd holds one: letters, digits, '_',
 * '.', '-', not first; at most 32 bytes (useradd's limit). */
static bool id_name_ok(const char *s)
{
	size_t len = strlen(s);
	if (!len || len > 32 || s[0] == '-')
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") == len;
}

static bool all_digits(const char *s)
{
	return s[0] && strspn(s, "0123456789") == strlen(s);
}

/* `user NAME [GROUP]`: resolved by enforce in the container's own files. */
static void set_user_name(struct fe_ctx *c, const struct ast_stmt *s, struct ir_process *p)
{
	const char *user = s->args.v[0]->text;
	const char *group = s->args.n == 2 ? s->args.v[1]->text : NULL;
	for (size_t i = 0; i < s->args.n; i++)
		if (!id_name_ok(s->args.v[i]->text) || all_digits(s->args.v[i]->text)) {
			diag_error(c->d, fe_word_loc(s->args.v[i]),
				   "'%s' is not a user or group name (letters, digits, '_', '.', "
				   "'-' not first, at most 32; with a user name, a group name too)",
				   s->args.v[i]->text);
			return;
		}
	bool same = p->user_name && !strcmp(p->user_name, user) &&
		    (!p->group_name == !group) && (!group || !strcmp(p->group_name, group));
	if ((p->user_set || p->user_name) && !may_set(c, s, &p->user_at, same))
		return;
	free(p->user_name);
	free(p->group_name);
	p->user_set = false;
	p->uid = p->gid = 0;
	p->user_name = fe_strdup(user);
	p->group_name = group ? fe_strdup(group) : NULL;
	p->user_at = fe_origin(c, &s->loc);
}

static void set_user(struct fe_ctx *c, const struct ast_stmt *s, struct ir_process *p)
{
	uint32_t uid, gid;
	if (fe_arity(c, s, 1, 2, "UID [GID] or NAME [GROUP]") < 0)
		return;
	if (!all_digits(s->args.v[0]->text)) {
		set_user_name(c, s, p);
		return;
	}
	if (fe_u32(c, s->args.v[0], &uid) < 0)
		return;
	gid = uid;
	if (s->args.n == 2 && fe_u32(c, s->args.v[1], &gid) < 0)
		return;
	if (uid == UINT32_MAX || gid == UINT32_MAX) {
		diag_error(c->d, fe_loc(&s->loc), "uid and gid 4294967295 mean 'no id' to the kernel");
		return;
	}
	if ((p->user_set || p->user_name) &&
	    !may_set(c, s, &p->user_at, p->user_set && p->uid == uid && p->gid == gid))
		return;
	free(p->user_name);
	free(p->group_name);
	p->user_name = p->group_name = NULL;
	p->user_set = true;
	p->uid = uid;
	p->gid = gid;
	p->user_at = fe_origin(c, &s->loc);
}

static void set_groups(struct fe_ctx *c, const struct ast_stmt *s, struct ir_process *p)
{
	uint32_t *ids = calloc(s->args.n ? s->args.n : 1, sizeof(*ids));
	if (!ids)
		return;
	for (size_t i = 0; i < s->args.n; i++)
		if (fe_u32(c, s->args.v[i], &ids[i]) < 0) {
			free(ids);
			return;
		}
	if (s->args.n > 65536) {
		diag_error(c->d, fe_loc(&s->loc), "more than 65536 supplementary groups");
		free(ids);
		return;
	}
	if (p->groups_set && !may_set(c, s, &p->groups_at,
				      p->ngroups == s->args.n &&
					      !memcmp(p->groups, ids, s->args.n * sizeof(*ids)))) {
		free(ids);
		return;
	}
	free(p->groups);
	p->groups = ids;
	p->ngroups = s->args.n;
	p->groups_set = true;
	p->groups_at = fe_origin(c, &s->loc);
}

static void set_text(struct fe_ctx *c, const struct ast_stmt *s, char **field,
		     struct ir_origin *at, char *value)
{
	if (!value)
		return;
	if (*field && !may_set(c, s, at, !strcmp(*field, value))) {
		free(value);
		return;
	}
	free(*field);
	*field = value;
	*at = fe_origin(c, &s->loc);
}

static char *hostname_value(struct fe_ctx *c, const struct ast_word *w)
{
	size_t len = strlen(w->text);
	bool ok = len > 0 && len <= 64;
	for (size_t i = 0; ok && i < len; i++) {
		char ch = w->text[i];
		ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		     (ch >= '0' && ch <= '9') || ch == '-' || ch == '.';
	}
	if (!ok) {
		diag_error(c->d, fe_word_loc(w),
			   "hostname '%s' is not 1 to 64 letters, digits, '-' or '.'", w->text);
		return NULL;
	}
	return fe_strdup(w->text);
}

static bool env_name_ok(const char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* env NAME=VALUE...: a later setting of one name replaces the earlier one
 * in place; env_pass NAME... copies the caller's value at run time. */
static void set_env(struct fe_ctx *c, const struct ast_word *w, bool pass, struct ir_process *p)
{
	const char *eq = strchr(w->text, '=');
	size_t namelen = pass ? strlen(w->text) : eq ? (size_t)(eq - w->text) : 0;
	if (!pass && !eq) {
		diag_error(c->d, fe_word_loc(w), "expected NAME=VALUE, not '%s'", w->text);
		return;
	}
	if (pass && eq) {
		diag_error(c->d, fe_word_loc(w), "env_pass takes names only, not '%s'", w->text);
		return;
	}
	if (!env_name_ok(w->text, namelen)) {
		diag_error(c->d, fe_word_loc(w), "'%.*s' is not a variable name", (int)namelen, w->text);
		return;
	}
	char *name = strndup(w->text, namelen);
	char *value = pass ? NULL : fe_strdup(eq + 1);
	struct ir_origin now = fe_origin(c, &w->loc);
	for (size_t i = 0; i < p->nenv; i++) {
		struct ir_env *e = &p->env[i];
		if (strcmp(e->name, name))
			continue;
		bool same = (!e->value && !value) || (e->value && value && !strcmp(e->value, value));
		if (fe_same_file(&e->at, &now) && !same) {
			fe_conflict(c, &w->loc, &e->at, "variable %s is set twice in this file", name);
		} else {
			free(e->value);
			e->value = value;
			e->at = now;
			value = NULL;
		}
		free(name);
		free(value);
		return;
	}
	p->env = fe_grow(p->env, &p->nenv, sizeof(*p->env));
	p->env[p->nenv - 1] = (struct ir_env){ name, value, now };
}

static int rlimit_value(struct fe_ctx *c, const struct ast_word *w, uint64_t *v)
{
	if (!strcmp(w->text, "unlimited") || !strcmp(w->text, "infinity")) {
		*v = IR_RLIM_INFINITY;
		return 0;
	}
	return fe_size(c, w, v);
}

static void set_rlimit(struct fe_ctx *c, const struct ast_stmt *s, struct ir_process *p)
{
	if (fe_arity(c, s, 2, 3, "NAME SOFT [HARD]") < 0)
		return;
	int r = fe_rlimit(c, s->args.v[0]);
	uint64_t soft, hard;
	if (r < 0 || rlimit_value(c, s->args.v[1], &soft) < 0)
		return;
	hard = soft;
	if (s->args.n == 3 && rlimit_value(c, s->args.v[2], &hard) < 0)
		return;
	if (soft > hard) {
		diag_error(c->d, fe_word_loc(s->args.v[1]), "soft limit %s is above the hard limit %s",
			   s->args.v[1]->text, s->args.v[2]->text);
		return;
	}
	struct ir_rlimit *l = &p->rlimits[r];
	if (l->set && !may_set(c, s, &l->at, l->soft == soft && l->hard == hard))
		return;
	*l = (struct ir_rlimit){ true, soft, hard, fe_origin(c, &s->loc) };
}

static void set_flag(struct fe_ctx *c, const struct ast_stmt *s, bool *flag, struct ir_origin *at)
{
	bool v;
	if (fe_arity(c, s, 1, 1, "on|off") < 0 || fe_on_off(c, s->args.v[0], &v) < 0)
		return;
	if (at->file && !may_set(c, s, at, *flag == v))
		return;
	*flag = v;
	*at = fe_origin(c, &s->loc);
}

/* stdio relay|strict, terminal pty|inherit: *flag is the second word. */
static void set_choice(struct fe_ctx *c, const struct ast_stmt *s, const char *const *choice,
		       bool *flag, struct ir_origin *at)
{
	char what[48], usage[48];
	snprintf(usage, sizeof(usage), "%s|%s", choice[0], choice[1]);
	if (fe_arity(c, s, 1, 1, usage) < 0)
		return;
	snprintf(what, sizeof(what), "value of %s", s->head->text);
	int k = fe_keyword(c, s->args.v[0], what, choice, 2);
	if (k < 0 || (at->file && !may_set(c, s, at, *flag == (k == 1))))
		return;
	*flag = k == 1;
	*at = fe_origin(c, &s->loc);
}

static void process_stmt(struct fe_ctx *c, const struct ast_stmt *s)
{
	struct ir_process *p = &c->ir->process;
	int k = fe_keyword(c, s->head, "statement in process", words, P_COUNT);
	if (k < 0)
		return;
	fe_no_cond(c, s);
	fe_no_body(c, s);
	switch (k) {
	case P_USER:
		set_user(c, s, p);
		break;
	case P_GROUPS:
		set_groups(c, s, p);
		break;
	case P_CWD:
		if (fe_arity(c, s, 1, 1, "PATH") == 0)
			set_text(c, s, &p->cwd, &p->cwd_at, fe_path(c, s->args.v[0]));
		break;
	case P_HOSTNAME:
		if (fe_arity(c, s, 1, 1, "NAME") == 0)
			set_text(c, s, &p->hostname, &p->hostname_at, hostname_value(c, s->args.v[0]));
		break;
	case P_ENV:
	case P_ENV_PASS:
		if (fe_arity(c, s, 1, SIZE_MAX, k == P_ENV ? "NAME=VALUE..." : "NAME...") == 0)
			for (size_t i = 0; i < s->args.n; i++)
				set_env(c, s->args.v[i], k == P_ENV_PASS, p);
		break;
	case P_RLIMIT:
		set_rlimit(c, s, p);
		break;
	case P_UMASK: {
		uint32_t m;
		if (fe_arity(c, s, 1, 1, "MODE") < 0 || fe_mode(c, s->args.v[0], 0777, &m) < 0)
			break;
		if (p->umask_set && !may_set(c, s, &p->umask_at, p->umask == m))
			break;
		p->umask_set = true;
		p->umask = m;
		p->umask_at = fe_origin(c, &s->loc);
		break;
	}
	case P_NNP:
		set_flag(c, s, &p->no_new_privs, &p->no_new_privs_at);
		break;
	case P_INIT:
		set_flag(c, s, &p->init, &p->init_at);
		break;
	case P_STDIO:
		set_choice(c, s, stdio_words, &p->stdio_strict, &p->stdio_at);
		break;
	case P_TERMINAL:
		set_choice(c, s, terminal_words, &p->terminal_inherit, &p->terminal_at);
		break;
	case P_NOTIFY:
		set_choice(c, s, notify_words, &p->notify_relay, &p->notify_at);
		break;
	case P_LISTEN_FDS:
		set_choice(c, s, listen_fds_words, &p->listen_fds_pass, &p->listen_fds_at);
		break;
	}
}

void fe_lower_process(struct fe_ctx *c, const struct ast_stmt *sec)
{
	for (size_t i = 0; i < sec->body->n; i++)
		process_stmt(c, sec->body->v[i]);
}
