/**
 * How much of a track's lyrics the catalog keeps. Tag reading cuts to these and the catalog
 * refuses more; they live here so that the probe thread reads them without loading the catalog.
 */
export const MAX_LYRICS_CHARS = 100_000;
export const MAX_SYNCED_LINES = 5_000;
