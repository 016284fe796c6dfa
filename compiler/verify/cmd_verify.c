#include "commands.h"
int cmd_verify(int argc, char **argv) { return 2; }
