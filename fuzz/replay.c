/*
 * replay.c: runs a fuzz target's entry point over every file of a corpus
 * directory, so that `make check` replays the corpora without libFuzzer.
 * Prints "PASS: ..." per file read (the test runner counts them).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *in = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!in)
		return -1;
	if (fseek(in, 0, SEEK_END) != 0 || (size = ftell(in)) < 0 || fseek(in, 0, SEEK_SET) != 0) {
		fclose(in);
		return -1;
	}
	data = malloc(size ? (size_t)size : 1);
	if (!data || fread(data, 1, (size_t)size, in) != (size_t)size) {
		free(data);
		fclose(in);
		return -1;
	}
	fclose(in);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	DIR *dir;
	struct dirent *entry;
	int failures = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
		return 2;
	}
	dir = opendir(argv[1]);
	if (!dir) {
		printf("FAIL: corpus %s is readable\n", argv[1]);
		return 1;
	}
	while ((entry = readdir(dir)) != NULL) {
		char path[4096];

		if (entry->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", argv[1], entry->d_name);
		if (replay_file(path) == 0) {
			printf("PASS: %s replays\n", path);
		} else {
			printf("FAIL: %s replays\n", path);
			failures++;
		}
	}
	closedir(dir);
	return failures ? 1 : 0;
}
