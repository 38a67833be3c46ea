// Draws the viewer's frames on the terminal itself, line by line: only the lines that differ
// from the last frame are written (cursor to the line, the line, erase to its end). Ink's own
// output turns every character of the screen into a styled cell and back on each frame, which
// costs the deploy host more CPU than everything else the viewer does; Ink still reads the keys.
export interface FrameSink {
	write(text: string): unknown;
}

const hideCursor = '\u001b[?25l';
const showCursor = '\u001b[?25h';
const clearScreen = '\u001b[H\u001b[2J';
const eraseLineEnd = '\u001b[K';
const at = (row: number) => `\u001b[${row + 1};1H`;

export class FrameWriter {
	private last: string[] | null = null;
	private size = '';

	constructor(private readonly out: FrameSink) {}

	/** Draws a frame of lines (ANSI-styled, each at most the width); a new size redraws all. */
	draw(lines: readonly string[], width: number, height: number): void {
		const size = `${width}x${height}`;
		let text = '';
		if (this.last === null || size !== this.size) {
			text = hideCursor + clearScreen + lines.map((line, row) => at(row) + line).join('');
			this.size = size;
		} else {
			const rows = Math.max(lines.length, this.last.length);
			for (let row = 0; row < rows; row++) {
				const line = lines[row] ?? '';
				if (line !== this.last[row]) text += at(row) + line + eraseLineEnd;
			}
		}
		this.last = [...lines];
		if (text !== '') this.out.write(text);
	}

	/** Draws everything again at the next frame (after something else wrote to the terminal). */
	invalidate(): void {
		this.last = null;
	}

	/** The cursor back, for what the shell prints after the viewer. */
	close(): void {
		this.out.write(showCursor);
	}
}
