/* The cgroup section's vocabulary is cgroup v2's; this file writes each
 * limit to the v2 file where the controller is on v2, or to the v1 file(s)
 * that mean the same where it is on v1 (docs/cgroups.md has the table and
 * the conversions of weights). */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_impl.h"
#include "enforce.h"
#include "names.h"


static const int key_ctrl[POLB_CG_KEY_COUNT] = {
	[POLB_CG_MEMORY_MAX] = CG_MEMORY, [POLB_CG_MEMORY_HIGH] = CG_MEMORY,
	[POLB_CG_MEMORY_SWAP_MAX] = CG_MEMORY, [POLB_CG_PIDS_MAX] = CG_PIDS,
	[POLB_CG_CPU_MAX] = CG_CPU, [POLB_CG_CPU_WEIGHT] = CG_CPU,
	[POLB_CG_CPUSET_CPUS] = CG_CPUSET, [POLB_CG_CPUSET_MEMS] = CG_CPUSET,
	[POLB_CG_IO_WEIGHT] = CG_IO, [POLB_CG_IO_MAX] = CG_IO,
};


int cg_key_ctrl(uint32_t key)
{
	return key < POLB_CG_KEY_COUNT ? key_ctrl[key] : -1;
}

unsigned cg_limits_needed(const struct polb_view *v)
{
	unsigned need = 0;
	for (size_t i = 0; i < v->ncg_limits; i++) {
		int c = cg_key_ctrl(v->cg_limits[i].key);
		if (c >= 0)
			need |= CG_BIT(c);
	}
	if (v->cgroup && (v->cgroup->flags & POLB_CG_DEVICES))
		need |= CG_BIT(CG_DEVICES);
	return need;
}

static const struct polb_cg_limit *find_limit(const struct polb_view *v, uint32_t key)
{
	for (size_t i = 0; i < v->ncg_limits; i++)
		if (v->cg_limits[i].key == key)
			return &v->cg_limits[i];
	return NULL;
}

static bool on_v2(const struct cg_host *host, enum cg_ctrl c)
{
	int i = host->ctrl_hier[c];
	return i >= 0 && host->hier[i].v2;
}

/* "0-3,5": the list syntax of cpuset.cpus and cpuset.mems */
static bool valid_cpu_list(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == ','))
			return false;
	return true;
}

/* One io.max entry, "MAJ:MIN key=value...", parsed into the four limits
 * (UINT64_MAX for "max", absent keys also "max"). */
struct io_max_entry {
	unsigned major, minor;
	uint64_t lim[4]; /* rbps wbps riops wiops */
};
static const char *const io_keys[4] = { "rbps", "wbps", "riops", "wiops" };

/* A device number: digits only, at most UINT32_MAX, ending at `stop`. */
static bool dev_number(const char *s, const char *stop, unsigned *out)
{
	if (*s < '0' || *s > '9')
		return false;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || v > UINT32_MAX || end != stop)
		return false;
	*out = (unsigned)v;
	return true;
}

static int parse_io_entry(char *text, struct io_max_entry *ent, struct err *e)
{
	char *save = NULL;
	char *dev = strtok_r(text, " \t", &save);
	char *colon = dev ? strchr(dev, ':') : NULL;
	if (!colon || !dev_number(dev, colon, &ent->major) ||
	    !dev_number(colon + 1, colon + 1 + strlen(colon + 1), &ent->minor))
		return err_set(e, EINVAL, "cgroup", "io.max: '%s': expected MAJ:MIN", dev ? dev : "");
	for (int k = 0; k < 4; k++)
		ent->lim[k] = UINT64_MAX;
	for (char *kv = strtok_r(NULL, " \t", &save); kv; kv = strtok_r(NULL, " \t", &save)) {
		char *eq = strchr(kv, '=');
		int k = 0;
		if (eq) {
			*eq = '\0';
			while (k < 4 && strcmp(kv, io_keys[k]) != 0)
				k++;
		}
		if (!eq || k == 4)
			return err_set(e, EINVAL, "cgroup", "io.max: '%s': expected rbps= wbps= riops= wiops=", kv);
		char *end;
		errno = 0;
		if (strcmp(eq + 1, "max") == 0) {
			ent->lim[k] = UINT64_MAX;
			continue;
		}
		ent->lim[k] = strtoull(eq + 1, &end, 10);
		/* the policy may say rbps=1M: K M G T are powers of 1024 */
		const char *units = "KMGT", *u = *end ? strchr(units, *end) : NULL;
		if (u && end[1] == '\0') {
			for (const char *x = units; x <= u; x++)
				ent->lim[k] = ent->lim[k] > UINT64_MAX / 1024 ? 0 : ent->lim[k] * 1024;
			end++;
		}
		if (ent->lim[k] == 0 || ent->lim[k] == UINT64_MAX || *end || errno ||
		    eq[1] < '0' || eq[1] > '9')
			return err_set(e, EINVAL, "cgroup", "io.max: %s=%s: expected a positive number or max",
				       kv, eq + 1);
	}
	return 0;
}

/* Calls fn for each entry of the io.max text (entries separated by ';' or newlines). */
static int each_io_entry(const char *text, int (*fn)(const struct io_max_entry *, void *),
			 void *arg, struct err *e)
{
	char *copy = strdup(text);
	if (!copy)
		return err_set(e, errno, "cgroup", "io.max");
	int r = 0, n = 0;
	char *save = NULL;
	for (char *one = strtok_r(copy, ";\n", &save); one && r == 0;
	     one = strtok_r(NULL, ";\n", &save)) {
		while (*one == ' ' || *one == '\t')
			one++;
		if (!*one)
			continue;
		struct io_max_entry ent = { 0 };
		r = parse_io_entry(one, &ent, e);
		if (r == 0 && fn)
			r = fn(&ent, arg);
		n++;
	}
	free(copy);
	if (r == 0 && n == 0)
		r = err_set(e, EINVAL, "cgroup", "io.max: no device given");
	return r;
}

static int check_one(const struct polb_view *v, const struct polb_cg_limit *l,
		     const struct cg_host *host, struct err *e)
{
	const char *name = cg_key_name(l->key);
	const char *text = polb_str(v, l->text);
	switch (l->key) {
	case POLB_CG_CPU_MAX:
		if (l->num2 < 1000 || l->num2 > 1000000)
			return err_set(e, EINVAL, "cgroup", "cpu.max: period %" PRIu64 "us not in 1000..1000000", l->num2);
		if (l->num != POLB_CG_UNLIMITED && (l->num < 1000 || l->num > (uint64_t)INT64_MAX / 2))
			return err_set(e, EINVAL, "cgroup", "cpu.max: quota %" PRIu64 "us below 1000us", l->num);
		break;
	case POLB_CG_CPU_WEIGHT:
	case POLB_CG_IO_WEIGHT:
		if (l->num < 1 || l->num > 10000)
			return err_set(e, EINVAL, "cgroup", "%s %" PRIu64 ": not in 1..10000", name, l->num);
		break;
	case POLB_CG_CPUSET_CPUS:
	case POLB_CG_CPUSET_MEMS:
		if (!valid_cpu_list(text))
			return err_set(e, EINVAL, "cgroup", "%s '%s': expected a list such as 0-3,5", name, text);
		break;
	case POLB_CG_IO_MAX:
		if (each_io_entry(text, NULL, NULL, e) < 0)
			return -1;
		break;
	case POLB_CG_MEMORY_SWAP_MAX: {
		if (on_v2(host, CG_MEMORY) || host->ctrl_hier[CG_MEMORY] < 0)
			break;
		/* v1 limits memory+swap together: swap alone needs memory.max */
		const struct polb_cg_limit *mem = find_limit(v, POLB_CG_MEMORY_MAX);
		if (l->num != POLB_CG_UNLIMITED && (!mem || mem->num == POLB_CG_UNLIMITED))
			return err_set(e, EINVAL, "cgroup",
				       "memory.swap.max needs memory.max on cgroup v1 (memory.memsw.limit_in_bytes "
				       "limits memory and swap together)");
		if (!cg_file_exists(host->hier[host->ctrl_hier[CG_MEMORY]].mount,
				    "memory.memsw.limit_in_bytes"))
			return err_set(e, ENOENT, "cgroup",
				       "memory.swap.max: this kernel's v1 memory controller has no swap "
				       "accounting (memory.memsw.limit_in_bytes; boot with swapaccount=1)");
		break;
	}
	default:
		if (l->key >= POLB_CG_KEY_COUNT)
			return err_set(e, EINVAL, "cgroup", "unknown cgroup key %u", l->key);
	}
	return 0;
}

static const char *v1_io_weight_file(const struct cg_host *host)
{
	const char *mount = host->hier[host->ctrl_hier[CG_IO]].mount;
	if (cg_file_exists(mount, "blkio.weight"))
		return "blkio.weight";
	if (cg_file_exists(mount, "blkio.bfq.weight"))
		return "blkio.bfq.weight";
	return NULL;
}

int cg_limits_check(const struct polb_view *v, const struct cg_host *host, struct err *e)
{
	for (size_t i = 0; i < v->ncg_limits; i++) {
		const struct polb_cg_limit *l = &v->cg_limits[i];
		for (size_t j = 0; j < i; j++)
			if (v->cg_limits[j].key == l->key)
				return err_set(e, EINVAL, "cgroup", "%s given twice", cg_key_name(l->key));
		if (check_one(v, l, host, e) < 0)
			return -1;
		if (l->key == POLB_CG_IO_WEIGHT && host->ctrl_hier[CG_IO] >= 0 &&
		    !on_v2(host, CG_IO) && !v1_io_weight_file(host))
			return err_set(e, ENOENT, "cgroup",
				       "io.weight: the v1 blkio controller here has no weight file "
				       "(blkio.weight or blkio.bfq.weight: the BFQ I/O scheduler is not in use)");
	}
	return 0;
}

static void fmt_num_or(uint64_t n, const char *unlimited, char *buf, size_t size)
{
	if (n == POLB_CG_UNLIMITED)
		snprintf(buf, size, "%s", unlimited);
	else
		snprintf(buf, size, "%" PRIu64, n);
}

/* ---- memory ---- */

static int apply_memory(struct cg_fs *fs, const struct polb_view *v, const char *dir, bool v2)
{
	const struct polb_cg_limit *max = find_limit(v, POLB_CG_MEMORY_MAX);
	const struct polb_cg_limit *high = find_limit(v, POLB_CG_MEMORY_HIGH);
	const struct polb_cg_limit *swap = find_limit(v, POLB_CG_MEMORY_SWAP_MAX);
	char val[64], why[96], h[32];
	const char *unl = v2 ? "max" : "-1";
	if (max) {
		fmt_num_or(max->num, unl, val, sizeof(val));
		cg_fmt_bytes(max->num, h, sizeof(h));
		snprintf(why, sizeof(why), "memory.max %s", h);
		if (cg_write(fs, dir, v2 ? "memory.max" : "memory.limit_in_bytes", val, why) < 0)
			return -1;
	}
	if (swap) {
		cg_fmt_bytes(swap->num, h, sizeof(h));
		snprintf(why, sizeof(why), "memory.swap.max %s", h);
		uint64_t total = swap->num;
		if (!v2 && max && swap->num != POLB_CG_UNLIMITED) {
			/* memsw = memory + swap; after memory.limit_in_bytes, which it may not undercut */
			total = max->num + swap->num < max->num ? POLB_CG_UNLIMITED : max->num + swap->num;
		}
		fmt_num_or(total, unl, val, sizeof(val));
		if (cg_write(fs, dir, v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes", val, why) < 0)
			return -1;
	}
	if (high) {
		fmt_num_or(high->num, unl, val, sizeof(val));
		cg_fmt_bytes(high->num, h, sizeof(h));
		snprintf(why, sizeof(why), "memory.high %s%s", h, v2 ? "" : "; v1: reclaim target, no throttle");
		if (cg_write(fs, dir, v2 ? "memory.high" : "memory.soft_limit_in_bytes", val, why) < 0)
			return -1;
	}
	return 0;
}

/* ---- cpu ---- */

/* v2 weight 1..10000 (default 100) to v1 shares 2..262144 (default 1024),
 * as systemd converts: the default maps to the default. */
static uint64_t weight_to_shares(uint64_t w)
{
	uint64_t s = w * 1024 / 100;
	return s < 2 ? 2 : s > 262144 ? 262144 : s;
}

static int apply_cpu(struct cg_fs *fs, const struct polb_view *v, const char *dir, bool v2)
{
	const struct polb_cg_limit *max = find_limit(v, POLB_CG_CPU_MAX);
	const struct polb_cg_limit *weight = find_limit(v, POLB_CG_CPU_WEIGHT);
	char val[64], why[96];
	if (max) {
		char q[32];
		fmt_num_or(max->num, "max", q, sizeof(q));
		snprintf(why, sizeof(why), "cpu.max %s %" PRIu64, q, max->num2);
		if (v2) {
			snprintf(val, sizeof(val), "%s %" PRIu64, q, max->num2);
			if (cg_write(fs, dir, "cpu.max", val, why) < 0)
				return -1;
		} else {
			snprintf(val, sizeof(val), "%" PRIu64, max->num2);
			if (cg_write(fs, dir, "cpu.cfs_period_us", val, why) < 0)
				return -1;
			fmt_num_or(max->num, "-1", val, sizeof(val));
			if (cg_write(fs, dir, "cpu.cfs_quota_us", val, why) < 0)
				return -1;
		}
	}
	if (weight) {
		snprintf(why, sizeof(why), "cpu.weight %" PRIu64, weight->num);
		snprintf(val, sizeof(val), "%" PRIu64, v2 ? weight->num : weight_to_shares(weight->num));
		if (cg_write(fs, dir, v2 ? "cpu.weight" : "cpu.shares", val, why) < 0)
			return -1;
	}
	return 0;
}

/* ---- cpuset ---- */

int cg_cpuset_inherit(struct cg_fs *fs, const char *dir)
{
	static const char *const files[2] = { "cpuset.cpus", "cpuset.mems" };
	if (fs->plan) {
		plan_line(fs->plan, "cgroup", "copy cpuset.cpus and cpuset.mems from the parent into %s "
			  "where empty (v1 cpuset)", dir);
		return 0;
	}
	char up[CG_PATH_MAX];
	snprintf(up, sizeof(up), "%s", dir);
	char *slash = strrchr(up, '/');
	if (slash)
		*slash = '\0';
	for (int i = 0; i < 2; i++) {
		char cur[512], parent[512];
		if (cg_read(dir, files[i], cur, sizeof(cur)) > 0)
			continue; /* already set */
		if (cg_read(up, files[i], parent, sizeof(parent)) < 0)
			return err_set(fs->e, errno, "cgroup", "read %s/%s", up, files[i]);
		if (cg_write(fs, dir, files[i], parent, "v1 cpuset: inherited from the parent") < 0)
			return -1;
	}
	return 0;
}

static int apply_cpuset(struct cg_fs *fs, const struct polb_view *v, const char *dir, bool v2)
{
	static const uint32_t keys[2] = { POLB_CG_CPUSET_CPUS, POLB_CG_CPUSET_MEMS };
	for (int i = 0; i < 2; i++) {
		const struct polb_cg_limit *l = find_limit(v, keys[i]);
		if (l && cg_write(fs, dir, cg_key_name(keys[i]), polb_str(v, l->text), cg_key_name(keys[i])) < 0)
			return -1;
	}
	return v2 ? 0 : cg_cpuset_inherit(fs, dir);
}

/* ---- io ---- */

struct io_apply {
	struct cg_fs *fs;
	const char *dir;
	bool v2;
};

static int apply_io_entry(const struct io_max_entry *ent, void *arg)
{
	static const char *const v1_files[4] = {
		"blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
		"blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device",
	};
	struct io_apply *a = arg;
	char val[256], why[64];
	snprintf(why, sizeof(why), "io.max %u:%u", ent->major, ent->minor);
	if (a->v2) {
		int n = snprintf(val, sizeof(val), "%u:%u", ent->major, ent->minor);
		for (int k = 0; k < 4; k++) {
			char num[32];
			fmt_num_or(ent->lim[k], "max", num, sizeof(num));
			n += snprintf(val + n, sizeof(val) - (size_t)n, " %s=%s", io_keys[k], num);
		}
		return cg_write(a->fs, a->dir, "io.max", val, why);
	}
	for (int k = 0; k < 4; k++) {
		if (ent->lim[k] == UINT64_MAX)
			continue; /* v1: no rule is no limit (writing 0 would remove one) */
		snprintf(val, sizeof(val), "%u:%u %" PRIu64, ent->major, ent->minor, ent->lim[k]);
		if (cg_write(a->fs, a->dir, v1_files[k], val, why) < 0)
			return -1;
	}
	return 0;
}

static int apply_io(struct cg_fs *fs, const struct polb_view *v, const struct cg_host *host,
		    const char *dir, bool v2)
{
	const struct polb_cg_limit *weight = find_limit(v, POLB_CG_IO_WEIGHT);
	const struct polb_cg_limit *max = find_limit(v, POLB_CG_IO_MAX);
	if (weight) {
		char val[32], why[64];
		snprintf(why, sizeof(why), "io.weight %" PRIu64, weight->num);
		const char *file;
		uint64_t w = weight->num;
		if (v2) {
			file = cg_file_exists(dir, "io.weight") || fs->plan ? "io.weight" : "io.bfq.weight";
		} else {
			file = v1_io_weight_file(host);
			if (!file)
				return err_set(fs->e, ENOENT, "cgroup", "io.weight: no blkio weight file");
			/* CFQ's blkio.weight is 10..1000, default 500; BFQ's is 1..1000, default 100 */
			if (strcmp(file, "blkio.weight") == 0)
				w = w * 5 < 10 ? 10 : w * 5 > 1000 ? 1000 : w * 5;
			else
				w = w > 1000 ? 1000 : w;
		}
		snprintf(val, sizeof(val), "%" PRIu64, w);
		if (cg_write(fs, dir, file, val, why) < 0)
			return -1;
	}
	if (max) {
		struct io_apply a = { fs, dir, v2 };
		if (each_io_entry(polb_str(v, max->text), apply_io_entry, &a, fs->e) < 0)
			return -1;
	}
	return 0;
}

int cg_limits_apply(struct cg_fs *fs, const struct polb_view *v, const struct cg_host *host,
		    char leaf[][CG_PATH_MAX])
{
	unsigned need = cg_limits_needed(v) & ~CG_BIT(CG_DEVICES);
	for (int c = 0; c < CG_DEVICES; c++) {
		if (!(need & CG_BIT(c)))
			continue;
		int hi = host->ctrl_hier[c];
		if (hi < 0 || !leaf[hi][0])
			return err_set(fs->e, ENOENT, "cgroup", "no %s controller on this host",
				       cg_ctrl_name(c, true));
		const char *dir = leaf[hi];
		bool v2 = host->hier[hi].v2;
		int r = 0;
		switch (c) {
		case CG_MEMORY: r = apply_memory(fs, v, dir, v2); break;
		case CG_PIDS: {
			const struct polb_cg_limit *l = find_limit(v, POLB_CG_PIDS_MAX);
			char val[32], why[48];
			fmt_num_or(l->num, "max", val, sizeof(val));
			snprintf(why, sizeof(why), "pids.max %s", val);
			r = cg_write(fs, dir, "pids.max", val, why);
			break;
		}
		case CG_CPU: r = apply_cpu(fs, v, dir, v2); break;
		case CG_CPUSET: r = apply_cpuset(fs, v, dir, v2); break;
		case CG_IO: r = apply_io(fs, v, host, dir, v2); break;
		}
		if (r < 0)
			return -1;
	}
	return 0;
}
