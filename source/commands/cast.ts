// `replay PATH --cast FILE`: the viewer's frames of a replay, drawn without a terminal into an
// asciicast v2 file (asciinema's format). Times come from the recording (scaled by --speed, long
// gaps capped as in the viewer), never from the wall clock: the same input gives the same file.
import {closeSync, writeSync} from 'node:fs';
import {detectRecording} from '../replay/detect.js';
import {colorWanted} from '../ui/color.js';
import {selectedCell} from '../ui/components/geometry.js';
import {screenLines, styledLines} from '../ui/components/screen-lines.js';
import {initialUiState} from '../ui/ui-state.js';
import {replayHostGroups} from '../viewer/replay-inventory.js';
import {ReplaySource, virtualClock} from '../viewer/replay-source.js';
import {openCastFile} from './cast-record.js';
import {CommandExit, exitCodes, type Io} from './io.js';

export interface CastOptions {
	file: string;
	width: number;
	height: number;
	speed: number;
	/** --inventory FILE: the hosts banded by its groups. */
	inventory?: string | undefined;
}

/** One frame as the terminal gets it: cursor home, clear, the screen's lines. */
const frameOutput = (lines: string[]): string => `\u001b[H\u001b[2J${lines.join('\r\n')}`;

export async function castReplay(path: string, o: CastOptions, io: Io): Promise<number> {
	const detected = detectRecording(path);
	if (!detected.ok) throw new CommandExit(exitCodes.usage, detected.message);
	const groups = await replayHostGroups(detected.recording, o.inventory, io);
	if (!groups.ok) throw new CommandExit(exitCodes.usage, groups.problem);
	if (groups.warning) io.stderr.write(`${groups.warning}\n`);
	const {out, fd} = openCastFile(o.file, io.cwd);
	const color = colorWanted(io.env);
	const clock = virtualClock();
	const source = new ReplaySource(detected.recording, o.speed, clock, {hostGroups: groups.hostGroups});
	const ui = initialUiState();
	// As the viewer: one line is left free (a full last line would scroll the terminal), and the
	// followed cell's detail is read once it is the selected one.
	const height = o.height - 1;
	let last = '';
	let frames = 0;
	let cellKey: string | null = null;
	let drawing = false;
	const draw = () => {
		if (drawing) return;
		drawing = true;
		try {
			const data = source.snapshot();
			const cell = selectedCell(data, ui, o.width, height);
			const key = cell ? `${cell.row}:${cell.col}` : null;
			if (key !== cellKey) {
				cellKey = key;
				source.selectCell(cell);
			}
			// The same lines the live viewer writes (screen-lines.ts), whole each frame.
			const screen = screenLines(source.snapshot(), ui, o.width, height);
			const frame = frameOutput(styledLines(screen, color));
			if (frame === last) return;
			last = frame;
			frames++;
			writeSync(fd, `${JSON.stringify([Number((clock.now() / 1000).toFixed(3)), 'o', frame])}\n`);
		} finally {
			drawing = false;
		}
	};
	try {
		writeSync(fd, `${JSON.stringify({version: 2, width: o.width, height: o.height, env: {TERM: 'xterm-256color'}})}\n`);
		draw();
		const unsubscribe = source.subscribe(draw);
		await source.done;
		draw();
		unsubscribe();
	} finally {
		source.close();
		closeSync(fd);
	}
	io.stdout.write(`wrote ${out}: ${frames} frames, ${(clock.now() / 1000).toFixed(1)} s at ${o.width}x${o.height}. Play it with: asciinema play ${out}\n`);
	return exitCodes.done;
}
