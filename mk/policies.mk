# The standard library (policies/) and the review commands that read and
# write foreign formats: `polc import` parses Docker/OCI seccomp JSON and
# `polc export` writes OCI, Kubernetes and Docker JSON with json-c.
POLC_LIBS += -ljson-c
