// structuredClone exists in every runtime the engine runs in (Node ≥17, Chromium,
// Electron) but is declared only by the DOM and node typings, which shared/ must not use.
declare function structuredClone<T>(value: T): T;
