# `make demo`: the README's first command. Installs what is missing, builds,
# compiles the bundled example and runs a command under it.
DEMO_POL ?= examples/hello.pol
.PHONY: demo
demo: deps
	$(MAKE) all
	$(POLC) check $(DEMO_POL)
	$(POLC) build $(DEMO_POL) -o $(BUILD)/demo.polb
	$(ENFORCE) $(BUILD)/demo.polb -- /bin/sh -c 'echo "inside: uid=$$(id -u) host=$$(hostname) pid=$$$$"; grep -E "^(CapEff|NoNewPrivs|Seccomp):" /proc/self/status'
