/*
 * trees.h: boosted decision trees of depth 3, the form of extraction's
 * fitted models (block_model.c, page_type.c; bench/gbtrees.py fits them).
 */
#ifndef LEDE_EXTRACT_TREES_H
#define LEDE_EXTRACT_TREES_H

#include <stddef.h>

/*
 * A complete binary tree in level order: split k sends the input right when
 * feature[k] exceeds threshold[k] (children 2k+1 and 2k+2); the leaf reached
 * gives its value.  A split that never fires has the threshold 1e300.
 */
typedef struct lede__tree {
	unsigned char feature[7];
	double threshold[7];
	double leaf[8];
} lede__tree;

/* bias plus the values of the leaves the trees send `features` to: a log-odds. */
double lede__trees_score(const lede__tree *trees, size_t count, double bias, const double *features);

#endif
