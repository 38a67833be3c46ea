// The run's lock as the kernel keeps it: a Unix socket bound to an abstract address named after
// the run directory (its device and inode, so every path to it agrees). bind() succeeds for one
// process only, and the address is freed the moment that process dies, kill -9 included: there
// is no stale lock to take over, so no takeover can race another. Linux only, like /proc.
import {statSync} from 'node:fs';
import {createServer} from 'node:net';

export function lockAddress(dir: string): string {
	const st = statSync(dir);
	return `\0ansible-driver/run/${st.dev}:${st.ino}`;
}

export type KernelLock = {held: true; release: () => void} | {held: false};

/** Binds the run directory's address: held, or not because another process holds it. */
export function holdKernelLock(dir: string): Promise<KernelLock> {
	const address = lockAddress(dir);
	// Nobody is meant to connect; one who does is let go at once.
	const server = createServer((socket) => socket.destroy());
	return new Promise((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE') resolve({held: false});
			else reject(error);
		});
		server.listen({path: address}, () => {
			server.unref(); // holding the lock never keeps the process alive
			resolve({held: true, release: () => server.close()});
		});
	});
}
