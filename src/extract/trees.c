#include "trees.h"

double lede__trees_score(const lede__tree *trees, size_t count, double bias, const double *features)
{
	double score = bias;
	size_t t;

	for (t = 0; t < count; t++) {
		size_t node = 0;
		int depth;

		for (depth = 0; depth < 3; depth++)
			node = 2 * node + 1 + (features[trees[t].feature[node]] > trees[t].threshold[node]);
		score += trees[t].leaf[node - 7];
	}
	return score;
}
