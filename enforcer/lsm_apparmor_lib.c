/* libapparmor for generated profiles, loaded with dlopen at the point of
 * use (as common/ed25519_verify.c loads libcrypto).
 *
 * Why dlopen: only a blob with a generated AppArmor profile calls
 * libapparmor, and most starts have none; linking its static archive put
 * ~25 KB into every enforce (docs/BENCHMARKS.md, "Footprint"), linking the
 * shared one would map it at every start. Loaded on first use, the library
 * costs only the starts that load a compiled profile. It is still
 * libapparmor doing the work (aa_features, aa_kernel_interface): nothing
 * of it is rewritten here.
 *
 * A static enforce (CFLAGS=-static, as the VM lane builds it: the guest
 * has no shared libraries) cannot dlopen; mk/lsm.mk links the archive
 * there and defines POL_AA_STATIC, and the same table points at the
 * linked functions. */
#include <stdio.h>

#include "lsm_internal.h"

#ifdef POL_AA_STATIC

int apparmor_lib(const struct aa_lib **lib, char *why, size_t whysize)
{
	static const struct aa_lib linked = {
		.features_new = aa_features_new,
		.features_new_from_string = aa_features_new_from_string,
		.features_is_equal = aa_features_is_equal,
		.features_unref = aa_features_unref,
		.kernel_interface_new = aa_kernel_interface_new,
		.replace_policy = aa_kernel_interface_replace_policy,
		.kernel_interface_unref = aa_kernel_interface_unref,
	};
	(void)why;
	(void)whysize;
	*lib = &linked;
	return 0;
}

#else

#include <dlfcn.h>

/* POSIX: a void * from dlsym converts to a function pointer. */
#define AA_SYM(h, field, name) (*(void **)&(field) = dlsym((h), (name))) != NULL

static int aa_lib_load(struct aa_lib *l, char *why, size_t whysize)
{
	const char *name = lsm_paths.apparmor_lib;
	void *h = dlopen(name, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		snprintf(why, whysize, "cannot load %s for the compiled profile (install "
			 "libapparmor1): %.200s", name, dlerror());
		return -1;
	}
	if (!(AA_SYM(h, l->features_new, "aa_features_new") &&
	      AA_SYM(h, l->features_new_from_string, "aa_features_new_from_string") &&
	      AA_SYM(h, l->features_is_equal, "aa_features_is_equal") &&
	      AA_SYM(h, l->features_unref, "aa_features_unref") &&
	      AA_SYM(h, l->kernel_interface_new, "aa_kernel_interface_new") &&
	      AA_SYM(h, l->replace_policy, "aa_kernel_interface_replace_policy") &&
	      AA_SYM(h, l->kernel_interface_unref, "aa_kernel_interface_unref"))) {
		snprintf(why, whysize, "%s lacks the aa_features/aa_kernel_interface API "
			 "(libapparmor 2.10 or later needed)", name);
		dlclose(h);
		return -1;
	}
	return 0; /* the handle stays open for the life of the process */
}

int apparmor_lib(const struct aa_lib **lib, char *why, size_t whysize)
{
	static struct aa_lib loaded;
	static bool ok;
	if (!ok && aa_lib_load(&loaded, why, whysize) < 0) {
		*lib = NULL;
		return -1;
	}
	ok = true;
	*lib = &loaded;
	return 0;
}

#endif
