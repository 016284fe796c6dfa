/* polc's subcommands. Each lives in compiler/review/ or compiler/ as
 * cmd_<name>.c and returns the process exit status. */
#ifndef POL_COMPILER_COMMANDS_H
#define POL_COMPILER_COMMANDS_H

int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_dump(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_verify_blob(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_learn(int argc, char **argv);

#endif
