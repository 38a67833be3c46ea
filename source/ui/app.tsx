// The viewer: props in (a source of plain snapshots, callbacks), view out. Keys become UI actions
// (pure reducer) or requests to the source; the source does every read and write.
import {useEffect, useLayoutEffect, useReducer, useRef, useState, useSyncExternalStore} from 'react';
import {useInput, useStdin, useStdout, type Key} from 'ink';
import type {RequestResult, ViewerSource} from '../viewer/source.js';
import {useBell} from './bell.js';
import {colorWanted} from './color.js';
import {useConfirmInput} from './components/confirm-start.js';
import {Screen, type ScreenProps} from './components/layout.js';
import {selectedCell, uiContext} from './components/geometry.js';
import {screenLines, styledLines} from './components/screen-lines.js';
import {ColorContext} from './components/text.js';
import type {FrameWriter} from './frame-writer.js';
import {isCommand, keyPresses, keyToAction} from './keys.js';
import {initialUiState, runStateKey, shownStep, uiReducer, type UiAction, type UiState} from './ui-state.js';

export interface AppProps {
	source: ViewerSource;
	/** Shown first: the plan and "Type YES to start"; null when there is nothing to confirm. */
	startPrompt: {onConfirm: () => RequestResult} | null;
	/** The operator quit the viewer, or cancelled the start. */
	onExit: (reason: 'quit' | 'cancelled') => void;
	/** Rings the bell when the run shown turns failed, paused, aborted or done; absent: never (replays, --no-bell). */
	onBell?: () => void;
	/** Draw colours? Default: from the environment (NO_COLOR, FORCE_COLOR), decided once. */
	color?: boolean;
	/** Sends text to the terminal's clipboard (OSC 52); absent: the viewer has no terminal to ask. */
	onCopy?: (text: string) => void;
	/**
	 * Draws the frames on the terminal itself, only the lines that changed (the live viewer);
	 * absent: through Ink (tests, where Ink's test terminal reads the frames).
	 */
	writer?: FrameWriter;
}

function useTerminalSize(): {width: number; height: number} {
	const {stdout} = useStdout();
	const read = () => ({width: stdout.columns || 80, height: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

export function App({source, startPrompt, onExit, onBell, onCopy, color: colorProp, writer}: AppProps) {
	const [color] = useState(() => colorProp ?? colorWanted(process.env));
	const data = useSyncExternalStore(
		(listener) => source.subscribe(listener),
		() => source.snapshot(),
	);
	useBell(data.run.status, onBell);
	const {width, height: rows} = useTerminalSize();
	// One line short of the terminal: a frame as tall as the terminal makes Ink clear it each time.
	const height = rows - 1;
	const ui = useRef<UiState>(initialUiState(startPrompt ? {overlay: 'confirm-start'} : {}));
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const latest = useRef({data, width, height});
	latest.current = {data, width, height};

	const apply = (action: UiAction) => {
		const {data: d, width: w, height: h} = latest.current;
		const next = uiReducer(ui.current, action, uiContext(d, ui.current, w, h));
		if (next === ui.current) return;
		ui.current = next;
		rerender();
	};
	// The answer is about the state the source is in now (a replay pauses at once): it goes when that moves on.
	const say = (result: RequestResult) => apply({type: 'set-message', message: result.message, when: runStateKey(source.snapshot().run)});

	// Raw mode from the first frame on: useInput turns it on in an effect run a moment after the
	// frame is drawn, and a key typed in between was line-buffered (a Ctrl-C killed the viewer).
	const {setRawMode, isRawModeSupported} = useStdin();
	useLayoutEffect(() => {
		if (!isRawModeSupported) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [isRawModeSupported, setRawMode]);

	/** One key; false when the viewer is done with keys (it exits). */
	const onKey = (input: string, key: Key): boolean => {
		if (key.ctrl && input === 'c') {
			onExit('quit');
			return false;
		}
		const result = keyToAction(input, key, ui.current);
		if (result === null) return true;
		if (!isCommand(result)) {
			apply(result);
			return true;
		}
		if (result.action) apply(result.action);
		if (result.command === 'quit') {
			onExit('quit');
			return false;
		}
		if (result.command === 'copy') {
			const {data: d} = latest.current;
			const listed = d.handOver?.length ?? 0;
			const n = Math.min(ui.current.handOverPick, listed + (d.handOverOnHosts ? 1 : 0) - 1);
			// The pick after the listed commands is the failed step on its failed hosts only.
			const onHosts = n === listed && d.handOverOnHosts ? d.handOverOnHosts : null;
			const text = onHosts ?? d.handOver?.[n];
			// Short enough for 80 columns: the run directory is in the header, and in `status`.
			const where = onHosts ? 'handover-failed-hosts.txt' : `line ${n + 1} of handover.txt`;
			const what = onHosts ? 'the failed-hosts command' : `command ${n + 1}`;
			if (text === undefined) apply({type: 'set-message', message: 'y: no command to copy'});
			else if (onCopy) {
				onCopy(text);
				apply({type: 'set-message', message: `y: ${what} sent (OSC 52); also ${onHosts ? 'in ' : ''}${where} in the run directory`});
			} else apply({type: 'set-message', message: `y: ${what} is ${onHosts ? 'in ' : ''}${where} in the run directory`});
		} else if (result.command === 'pause') say(source.pause());
		else if (result.command === 'resume') say(source.resume());
		else if (result.command === 'retry-failed-hosts') say(source.resume({failedHosts: true}));
		else say(source.abort());
		return true;
	};
	useInput((input, key) => {
		// The start prompt's own input takes the keys. Ctrl-C there cancels, as esc does (quitting
		// said nothing of the run not started), also when it came with other keys ("YE\x03").
		if (ui.current.overlay === 'confirm-start') {
			if ((key.ctrl && input === 'c') || input.includes('\u0003')) onExit('cancelled');
			return;
		}
		for (const [one, k] of keyPresses(input, key)) if (!onKey(one, k)) return;
	});

	// Tell the source what to load: the shown step's matrix, the selected cell, the log.
	const state = ui.current;
	const step = shownStep(state, data.run);
	const following = state.selectedStep === null && state.cursor === null;
	const cell = selectedCell(data, state, width, height);
	const cellKey = cell ? `${step}:${cell.row}:${cell.col}` : '';
	// One effect for both: choosing a step clears the source's cell, so the cell is chosen again
	// after it even when it is the same one (n on the failure already followed, then enter).
	useEffect(() => {
		source.selectStep(following ? null : step);
		source.selectCell(cell);
	}, [source, following, step, cellKey]);
	// A key's answer goes once the run's state moves on; the footer then says the new state.
	const runState = runStateKey(data.run);
	useEffect(() => apply({type: 'run-state', key: runState}), [runState]);
	// A notice from the source (a supervisor that would not start) is said once, when it appears.
	useEffect(() => {
		if (data.notice) apply({type: 'set-message', message: data.notice});
	}, [data.notice]);
	const logOpen = state.overlay === 'log';
	useEffect(() => source.setLogOpen(logOpen), [source, logOpen]);

	const onConfirmStart = () => {
		// Close on the next tick: the Enter that confirmed must not reach the viewer's keys too.
		setImmediate(() => {
			apply({type: 'close'});
			if (startPrompt) say(startPrompt.onConfirm());
		});
	};
	const onCancelStart = () => onExit('cancelled');
	if (writer) return <WrittenScreen writer={writer} data={data} ui={state} width={width} height={height} color={color} onConfirmStart={onConfirmStart} onCancelStart={onCancelStart} />;
	return (
		<ColorContext.Provider value={color}>
			<Screen data={data} ui={state} width={width} height={height} onConfirmStart={onConfirmStart} onCancelStart={onCancelStart} />
		</ColorContext.Provider>
	);
}

/** The screen drawn by the frame writer after each render; Ink draws nothing. */
function WrittenScreen({writer, data, ui, width, height, color, onConfirmStart, onCancelStart}: ScreenProps & {writer: FrameWriter; color: boolean}) {
	const confirm = useConfirmInput({isActive: ui.overlay === 'confirm-start', onSubmit: onConfirmStart ?? (() => {}), onCancel: onCancelStart ?? (() => {})});
	const frame = screenLines(data, ui, width, height, confirm);
	useEffect(() => writer.draw(styledLines(frame, color), frame.width, frame.height));
	return null;
}
