// Everything the command line prints as text passes here, so host-sourced text (task and handler
// names templated from registered output, messages, hosts) never reaches the terminal raw,
// whichever message carries it. The terminal UI draws through Ink, and its alt-screen switch goes
// to the raw terminal (Io.terminal); both sanitize host text themselves.
import {Writable} from 'node:stream';
import {sanitize} from '../ansible/sanitize.js';

/** A stream that passes each write on to `target` at once, with terminal controls removed. */
export function sanitizingStream(target: Writable): Writable {
	return new Writable({
		decodeStrings: false,
		// Handed on synchronously and acknowledged at once: nothing waits in this stream's buffer
		// when the process exits right after a write.
		write(chunk: string | Buffer, _encoding, callback) {
			target.write(sanitize(typeof chunk === 'string' ? chunk : chunk.toString('utf8')));
			callback();
		},
	});
}
