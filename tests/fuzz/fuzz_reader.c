/* libFuzzer target: the blob reader on arbitrary bytes. polb_read must
 * either refuse with a message or give a view whose every pointer and
 * string is inside the buffer; the walk below touches all of it so ASan
 * sees any view that points outside. The input is copied into a buffer of
 * exactly its size (8-aligned, as polb_read_file gives) so a read past the
 * end is caught.
 *
 * Mutated inputs almost never carry a right CRC, and then the reader stops
 * at the header. So every input is read twice: as it is, and with
 * total_size and the CRC made right, which lets the fuzzer reach the
 * directory, the sections and the BPF checks.
 *
 * A blob the reader accepts is also rendered by polc dump (outline and
 * JSON, to /dev/null): dump trusts the view, and this checks that trust. */
#include "fuzz_input.h"
#include "polb_reader.h"
#include "review/dump.h"

static volatile size_t sink;

static void touch_str(const struct polb_view *v, struct polb_str s)
{
	sink += strlen(polb_str(v, s)) + s.len;
}

static void walk(const struct polb_view *v)
{
	sink += v->header->section_count + v->process->flags;
	touch_str(v, v->process->cwd);
	touch_str(v, v->process->hostname);
	if (v->meta) {
		touch_str(v, v->meta->policy_name);
		touch_str(v, v->meta->source_files);
	}
	for (size_t i = 0; i < v->ngroups; i++)
		sink += v->groups[i];
	for (size_t i = 0; i < v->nenv; i++) {
		touch_str(v, v->env[i].name);
		touch_str(v, v->env[i].value);
	}
	for (size_t i = 0; i < v->nrlimits; i++)
		sink += v->rlimits[i].hard;
	for (size_t i = 0; i < v->nns; i++)
		touch_str(v, v->ns[i].path);
	for (size_t i = 0; i < v->nidmaps; i++)
		sink += v->idmaps[i].count;
	for (size_t i = 0; i < v->nmounts; i++) {
		const struct polb_mount *m = &v->mounts[i];
		touch_str(v, m->source);
		touch_str(v, m->target);
		touch_str(v, m->lower);
		touch_str(v, m->upper);
		touch_str(v, m->work);
	}
	if (v->caps)
		sink += v->caps->keep;
	if (v->cgroup)
		touch_str(v, v->cgroup->parent);
	for (size_t i = 0; i < v->ncg_limits; i++)
		touch_str(v, v->cg_limits[i].text);
	for (size_t i = 0; i < v->ncg_devices; i++)
		sink += v->cg_devices[i].access;
	for (size_t i = 0; i < v->nlsm; i++) {
		touch_str(v, v->lsm[i].name);
		touch_str(v, v->lsm[i].profile);
	}
	if (v->landlock)
		sink += v->landlock->flags;
	for (size_t i = 0; i < v->nll_paths; i++)
		touch_str(v, v->ll_paths[i].path);
	for (size_t i = 0; i < v->nll_ports; i++)
		sink += v->ll_ports[i].port;
	for (size_t i = 0; i < v->nseccomp; i++)
		for (uint32_t pc = 0; pc < v->seccomp[i].hdr->ninsns; pc++)
			sink += v->seccomp[i].insns[pc].k;
	for (size_t i = 0; i < v->nsyscall_names; i++)
		touch_str(v, v->syscall_names[i].name);
}

static void read_one(uint8_t *buf, size_t size)
{
	struct polb_view v;
	struct err e;
	if (polb_read(buf, size, &v, &e) == 0) {
		walk(&v);
		dump_view(fuzz_devnull(), "fuzz", &v, size, false);
		dump_view(fuzz_devnull(), "fuzz", &v, size, true);
	} else {
		fuzz_refusal_blob(&e);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* aligned_alloc needs a multiple of the alignment; an odd size gets a
	 * plain malloc (16-aligned) of exactly `size` bytes instead. */
	uint8_t *buf = fuzz_copy(data, size);
	if (!buf)
		return 0;
	read_one(buf, size);
	if (size >= sizeof(struct polb_header)) {
		struct polb_header *h = (struct polb_header *)buf;
		h->total_size = size;
		h->crc32c = 0;
		h->crc32c = polb_crc32c(buf, size);
		read_one(buf, size);
	}
	free(buf);
	return 0;
}
