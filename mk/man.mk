# polc.pol(5): the language reference as a man page, generated at build
# time from docs/language.md, the one copy of the reference (pandoc, in
# tools/packages.txt). Installed with the hand-written pages.
MAN_GEN = $(BUILD)/man/polc.pol.5

.PHONY: man
all: $(MAN_GEN)
man: $(MAN_GEN)

$(MAN_GEN): docs/language.md mk/man.mk
	@mkdir -p $(dir $@)
	pandoc --standalone --from gfm --to man \
		--metadata title=POLC.POL --metadata section=5 \
		--metadata header='polc policy language' --metadata footer='polc $(VERSION)' \
		--output $@ $<
