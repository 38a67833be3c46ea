// Starts a process that outlives this one: its own session and process group (the terminal's
// signals never reach it; a group signal reaches the workers of ansible-core 2.14, not those of
// 2.19 and later, which have sessions of their own: see abort.ts), stdout and stderr appended to
// a log file by the child itself. Never a pipe through this process (execa's {file} target is
// one): if this process died, the child would die of SIGPIPE at its next line of output.
import {closeSync, openSync} from 'node:fs';
import {execa} from 'execa';

export function spawnDetached(argv: string[], options: {cwd: string; env: Record<string, string | undefined>; logFile: string}) {
	const fd = openSync(options.logFile, 'a', 0o600);
	// execa hands a lone fd number to spawn() as is; its types only accept literal numbers.
	const logFd = fd as 3;
	const [file, ...args] = argv;
	try {
		return execa(file ?? '', args, {
			cwd: options.cwd,
			env: options.env,
			extendEnv: false,
			detached: true,
			// Not killed when this process exits: a new driver adopts a step, a viewer leaves its supervisor.
			cleanup: false,
			stdin: 'ignore',
			stdout: logFd,
			stderr: logFd,
			reject: false,
			buffer: false,
		});
	} finally {
		// The child has its own copy now.
		closeSync(fd);
	}
}
