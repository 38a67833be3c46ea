// The viewer: props in (a source of plain snapshots, callbacks), view out. Keys become UI actions
// (pure reducer) or requests to the source; the source does every read and write.
import {useEffect, useReducer, useRef, useState, useSyncExternalStore} from 'react';
import {useInput, useStdout} from 'ink';
import type {RequestResult, ViewerSource} from '../viewer/source.js';
import {Screen} from './components/layout.js';
import {selectedCell, uiContext} from './components/geometry.js';
import {isCommand, keyToAction} from './keys.js';
import {initialUiState, shownStep, uiReducer, type UiAction, type UiState} from './ui-state.js';

export interface AppProps {
	source: ViewerSource;
	/** Shown first: the plan and "Type YES to start"; null when there is nothing to confirm. */
	startPrompt: {onConfirm: () => RequestResult} | null;
	/** The operator quit the viewer, or cancelled the start. */
	onExit: (reason: 'quit' | 'cancelled') => void;
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

export function App({source, startPrompt, onExit}: AppProps) {
	const data = useSyncExternalStore(
		(listener) => source.subscribe(listener),
		() => source.snapshot(),
	);
	const {width, height: rows} = useTerminalSize();
	// One line short of the terminal: a frame as tall as the terminal makes Ink clear it each time.
	const height = rows - 1;
	const ui = useRef<UiState>(initialUiState(startPrompt ? {overlay: 'confirm-start'} : {}));
	const [, rerender] = useReducer((n: number) => n + 1, 0);
	const latest = useRef({data, width, height});
	latest.current = {data, width, height};

	const apply = (action: UiAction) => {
		const {data: d, width: w, height: h} = latest.current;
		ui.current = uiReducer(ui.current, action, uiContext(d, ui.current, w, h));
		rerender();
	};
	const say = (result: RequestResult) => apply({type: 'set-message', message: result.message});

	useInput((input, key) => {
		if (key.ctrl && input === 'c') return onExit('quit');
		const result = keyToAction(input, key, ui.current);
		if (result === null) return;
		if (!isCommand(result)) return apply(result);
		if (result.action) apply(result.action);
		if (result.command === 'quit') onExit('quit');
		else if (result.command === 'pause') say(source.pause());
		else if (result.command === 'resume') say(source.resume());
		else say(source.abort());
	});

	// Tell the source what to load: the shown step's matrix, the selected cell, the log.
	const state = ui.current;
	const step = shownStep(state, data.run);
	const following = state.selectedStep === null && state.cursor === null;
	useEffect(() => source.selectStep(following ? null : step), [source, following, step]);
	const cell = selectedCell(data, state, width, height);
	const cellKey = cell ? `${step}:${cell.row}:${cell.col}` : '';
	useEffect(() => source.selectCell(cell), [source, cellKey]);
	const logOpen = state.overlay === 'log';
	useEffect(() => source.setLogOpen(logOpen), [source, logOpen]);

	return (
		<Screen
			data={data}
			ui={state}
			width={width}
			height={height}
			onConfirmStart={() => {
				// Close on the next tick: the Enter that confirmed must not reach the viewer's keys too.
				setImmediate(() => {
					apply({type: 'close'});
					if (startPrompt) say(startPrompt.onConfirm());
				});
			}}
			onCancelStart={() => onExit('cancelled')}
		/>
	);
}
