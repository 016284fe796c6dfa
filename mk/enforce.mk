# enforce links libc and libcap only.
ENFORCE_LIBS += -lcap
