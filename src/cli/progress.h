/*
 * progress.h: the progress bar that `lede add` draws on a terminal.
 */
#ifndef LEDE_CLI_PROGRESS_H
#define LEDE_CLI_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

typedef struct progress {
	FILE *out;        /* where to draw; NULL: draw nothing */
	double started;   /* seconds, monotonic */
	int drawn;        /* a bar is on screen */
} progress;

/* Starts a bar on `out` when it is a terminal. */
void progress_start(progress *p, FILE *out);

/* Redraws: count and rate of records, share of bytes and ETA when known. */
void progress_update(progress *p, uint64_t records, uint64_t bytes_done, uint64_t bytes_total);

/* Clears the bar so that a message can be printed on a clean line. */
void progress_clear(progress *p);

#endif
