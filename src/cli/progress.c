#include "progress.h"

#include <time.h>
#include <unistd.h>

enum { BAR_WIDTH = 24 };

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(progress *p, FILE *out)
{
	p->out = out && isatty(fileno(out)) ? out : NULL;
	p->started = now_seconds();
	p->drawn = 0;
}

void progress_update(progress *p, uint64_t records, uint64_t bytes_done, uint64_t bytes_total)
{
	double elapsed, rate, fraction;
	char bar[BAR_WIDTH + 1];
	int i, filled;

	if (!p->out)
		return;
	elapsed = now_seconds() - p->started;
	rate = elapsed > 0 ? (double)records / elapsed : 0;
	fraction = bytes_total ? (double)bytes_done / (double)bytes_total : 0;
	if (fraction > 1)
		fraction = 1;
	filled = (int)(fraction * BAR_WIDTH);
	for (i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[BAR_WIDTH] = '\0';
	if (bytes_total && fraction > 0.001) {
		double eta = elapsed / fraction - elapsed;

		fprintf(p->out, "\r[%s] %3.0f%% %llu articles  %.0f/s  ETA %d:%02d   ", bar,
			fraction * 100, (unsigned long long)records, rate, (int)eta / 60,
			(int)eta % 60);
	} else {
		fprintf(p->out, "\r%llu articles  %.0f/s   ", (unsigned long long)records, rate);
	}
	fflush(p->out);
	p->drawn = 1;
}

void progress_clear(progress *p)
{
	if (p->out && p->drawn) {
		fprintf(p->out, "\r%*s\r", 72, "");
		fflush(p->out);
		p->drawn = 0;
	}
}
