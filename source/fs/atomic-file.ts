// All-or-nothing file replacement: after writeFileAtomic the file holds either its old content or
// the whole new one, also after a full disk or a crash. The content goes to a temp file in the
// same directory (rename is atomic only within one filesystem), every byte checked written,
// fsynced, renamed into place, and the directory fsynced so the rename itself survives a crash.
import {randomBytes} from 'node:crypto';
import {closeSync, fchmodSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync} from 'node:fs';
import {basename, dirname, join} from 'node:path';

/** Temp files of `file` are named `<name>.tmp-<pid>-<random>`. */
const tempPrefix = (file: string) => `${basename(file)}.tmp-`;

export function writeFileAtomic(file: string, content: string, mode = 0o600): void {
	const temp = join(dirname(file), `${tempPrefix(file)}${process.pid}-${randomBytes(4).toString('hex')}`);
	let fd: number | null = null;
	try {
		fd = openSync(temp, 'wx', mode);
		fchmodSync(fd, mode); // exact, whatever the umask
		writeAll(fd, Buffer.from(content, 'utf8'));
		fsyncSync(fd);
		closeSync(fd);
		fd = null;
		renameSync(temp, file);
	} catch (error) {
		if (fd !== null) closeQuietly(fd);
		rmSync(temp, {force: true});
		throw error;
	}
	syncDir(dirname(file));
}

/** A full disk shows as a short write first: write until every byte is down, or fail. */
function writeAll(fd: number, data: Buffer): void {
	let done = 0;
	while (done < data.length) {
		const n = writeSync(fd, data, done, data.length - done);
		if (n <= 0) throw Object.assign(new Error(`short write: ${done} of ${data.length} bytes written`), {code: 'EIO'});
		done += n;
	}
}

function syncDir(dir: string): void {
	let fd: number | null = null;
	try {
		fd = openSync(dir, 'r');
		fsyncSync(fd);
	} catch (error) {
		// Some filesystems cannot fsync a directory; there the rename is as durable as they allow.
		const code = (error as NodeJS.ErrnoException).code;
		if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw error;
	} finally {
		if (fd !== null) closeQuietly(fd);
	}
}

function closeQuietly(fd: number): void {
	try {
		closeSync(fd);
	} catch {
		// Already failing; the first error is the one to report.
	}
}

/**
 * Removes temp files of `file` left by a writer that was killed mid-write (also conf's, which used
 * the same naming). Only for the single writer, before it writes. Returns the names removed.
 */
export function removeTempFiles(file: string): string[] {
	const prefix = tempPrefix(file);
	let names: string[];
	try {
		names = readdirSync(dirname(file)).filter((name) => name.startsWith(prefix));
	} catch {
		return [];
	}
	const removed: string[] = [];
	for (const name of names) {
		try {
			rmSync(join(dirname(file), name), {force: true});
			removed.push(name);
		} catch {
			// Left for the next start; it is never read.
		}
	}
	return removed;
}
