/* The child -> parent channel: one SOCK_SEQPACKET socketpair, both ends
 * close-on-exec, so the parent reads EOF exactly when the child's execve
 * succeeded. Every message is one packet starting with a uint32_t type. */
#ifndef POL_ENFORCER_CHANNEL_H
#define POL_ENFORCER_CHANNEL_H

#include <stdint.h>
#include <sys/types.h>

#include "err.h"

enum chan_msg_type {
	CHAN_ERR = 1,         /* child -> parent: struct err_wire follows; the child exits */
	CHAN_SECCOMP_FD = 2,  /* child -> parent: uint32_t listener fd number in the child */
	CHAN_SECCOMP_ACK = 3, /* parent -> child: the listener was taken */
	CHAN_GO = 4,          /* parent -> child: id maps written: go on */
	CHAN_NOTIFY_FD = 5,   /* child -> parent: the notify relay's socket, SCM_RIGHTS */
	CHAN_COMMAND_FD = 6,  /* pid 1 -> parent, init on: a pidfd of the command,
			       * SCM_RIGHTS, sent before the command may go on */
	CHAN_INIT_REPORT_FD = 8, /* pid 1 -> parent, init on: the report socket,
				  * SCM_RIGHTS (orphans.c; the channel itself
				  * must hang up at the command's execve) */
	CHAN_INIT_REPORT = 9, /* pid 1 -> parent, on the report socket only: the
			       * command ended and left processes; uint32_t
			       * status init would have exited with */
	CHAN_SETTLED = 10,    /* parent -> child: cgroup joined, lifeline up: go on;
			       * uint32_t 1 when the egress BPF programs hold */
};

struct chan_msg {
	uint32_t type;
	union {
		struct err_wire err;
		uint32_t fd;
		uint32_t status;
	} u;
};

int chan_send_fd(int fd, uint32_t type, int passed);
/* One packet into *m: its length (0 at EOF, -1 with errno), the sender's
 * pid from SCM_CREDENTIALS in *sender (0: none), and the first fd it
 * carried in *passed (-1: none). With passed NULL, or past the first,
 * every fd that came is closed: nothing a sender slips in stays open. */
ssize_t chan_recv(int fd, int flags, struct chan_msg *m, pid_t *sender, int *passed);

#endif
