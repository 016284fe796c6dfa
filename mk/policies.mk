# The standard library (policies/) and the review commands that read and
# write foreign formats: `polc import` parses Docker/OCI seccomp JSON and
# `polc export` writes OCI, Kubernetes and Docker JSON with json-c.
# Kubernetes manifests are YAML written (and read) with libyaml.
POLC_LIBS += -ljson-c -lyaml
