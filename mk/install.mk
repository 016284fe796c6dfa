# make install [PREFIX=/usr/local] [DESTDIR=]: the two binaries, their man
# pages (docs/*.1, *.5 ...), and the policy library into $(DATADIR)/policies,
# where polc looks for `use NAME` (POL_DATADIR), and the trust directory
# for signed blobs, $(SYSCONFDIR)/polc/trusted.d, empty (no trust until an
# administrator puts a key there). Staged installs (DESTDIR)
# keep the final paths compiled in. `make uninstall` removes the same files.
INSTALL ?= install
MAN_PAGES     = $(wildcard docs/*.[1-8])
POLICY_FILES  = $(wildcard policies/*.pol)

.PHONY: install uninstall
install: $(POLC) $(ENFORCE)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/policies
	$(INSTALL) -m 0755 $(POLC) $(ENFORCE) $(DESTDIR)$(BINDIR)/
	$(INSTALL) -m 0644 $(POLICY_FILES) $(DESTDIR)$(DATADIR)/policies/
	$(INSTALL) -d -m 0755 $(DESTDIR)$(TRUST_DIR)
	@set -e; for page in $(MAN_PAGES); do \
		sec=$${page##*.}; \
		$(INSTALL) -d $(DESTDIR)$(MANDIR)/man$$sec; \
		echo "$(INSTALL) -m 0644 $$page $(DESTDIR)$(MANDIR)/man$$sec/"; \
		$(INSTALL) -m 0644 $$page $(DESTDIR)$(MANDIR)/man$$sec/; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/polc $(DESTDIR)$(BINDIR)/enforce
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/policies/,$(notdir $(POLICY_FILES)))
	@for page in $(MAN_PAGES); do \
		sec=$${page##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$sec/$$(basename $$page); \
	done
	-rmdir $(DESTDIR)$(DATADIR)/policies $(DESTDIR)$(DATADIR) 2>/dev/null
	-rmdir $(DESTDIR)$(TRUST_DIR) $(DESTDIR)$(SYSCONFDIR)/polc 2>/dev/null
