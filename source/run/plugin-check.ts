// Did the callback plugin load? A wrapper (openstack-ansible's rc file, say) may replace
// ANSIBLE_CALLBACK_PLUGINS: then ansible runs its plays while the events file stays empty.
import {closeSync, openSync, readSync, statSync} from 'node:fs';
import {ansibleError, type AnsibleError} from '../ansible/error-text.js';

const headBytes = 64 * 1024;

/** ansible's own output shows a play or task has started. */
export function showsAnsibleStarted(logHead: string): boolean {
	return /^(PLAY|TASK) \[/m.test(logHead);
}

function head(path: string): string {
	try {
		const fd = openSync(path, 'r');
		try {
			const buffer = Buffer.alloc(headBytes);
			const n = readSync(fd, buffer, 0, headBytes, 0);
			return buffer.toString('utf8', 0, n);
		} finally {
			closeSync(fd);
		}
	} catch {
		return '';
	}
}

function isEmpty(path: string): boolean {
	try {
		return statSync(path).size === 0;
	} catch {
		return true;
	}
}

/** ansible's own error in the head of its log (it stopped before its first play), or null. */
export function logAnsibleError(logFile: string): AnsibleError | null {
	return ansibleError(head(logFile));
}

/** ansible's log (the attempt's log file) shows a play or task has started. */
export function logShowsPlays(logFile: string): boolean {
	return showsAnsibleStarted(head(logFile));
}

/**
 * True once ansible has started a play with no event from the plugin. The plugin's first line
 * is written before ansible prints its first play, so a non-empty events file means it loaded.
 */
export function pluginMissing(logFile: string, eventsFile: string): boolean {
	// The second look at the events file is the one that counts: it comes after the log was read.
	return isEmpty(eventsFile) && showsAnsibleStarted(head(logFile)) && isEmpty(eventsFile);
}
