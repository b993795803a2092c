#include "page_type.h"

#include <math.h>

void lede__page_features(const lede__page_evidence *e, double out[LEDE__PAGE_FEATURES])
{
	double paragraphs = e->paragraphs ? (double)e->paragraphs : 1;

	out[0] = 1; /* bias */
	out[1] = e->article_schema;
	out[2] = e->product_schema;
	out[3] = e->listing_schema;
	out[4] = e->forum_schema;
	out[5] = e->og_article;
	out[6] = e->has_date;
	out[7] = e->has_author;
	out[8] = e->url_dated;
	out[9] = e->url_listing + e->url_product + e->url_forum > 0;
	out[10] = log1p((double)e->words) / 8.0;
	out[11] = (double)e->good_blocks / paragraphs;
	out[12] = (double)e->list_blocks / paragraphs;
	out[13] = e->content_link_density;
	out[14] = e->page_link_density;
	out[15] = (double)e->words / paragraphs / 50.0;
	out[16] = e->content_share;
	out[17] = log1p((double)e->commerce_blocks) / 3.0;
	out[18] = log1p((double)e->forum_blocks) / 3.0;
	out[19] = e->code_blocks > 0;
	out[20] = log1p((double)e->heading_blocks) / 3.0;
	out[21] = (double)e->title_words / 10.0;
	out[22] = e->title_question;
	out[23] = e->og_product;
	out[24] = e->og_website;
}

/*
 * Gradient-boosted decision stumps (logistic loss, 60 rounds, shrinkage 0.5)
 * fitted on the wcxb-dev pages, article against everything else; five-fold
 * cross-validated accuracy 0.87.  Each stump adds `below` or `above` to the
 * score depending on feature `feature` against `threshold`.
 */
typedef struct stump {
	int feature;
	double threshold, below, above;
} stump;

static const stump model[] = {
	{5, 0.0000, -0.3963, 0.6879},
	{16, 0.4194, -0.6066, 0.3215},
	{21, 0.4000, -0.5036, 0.2994},
	{6, 0.0000, -0.4116, 0.2941},
	{9, 0.0000, 0.1502, -0.7918},
	{1, 0.0000, -0.1217, 0.6245},
	{15, 0.3826, -0.2658, 0.1756},
	{21, 0.5000, -0.2131, 0.1840},
	{9, 0.0000, 0.0828, -0.4904},
	{13, 0.0031, -0.2625, 0.1450},
	{6, 0.0000, -0.2096, 0.1510},
	{1, 0.0000, -0.0588, 0.4539},
	{14, 0.1649, 0.1804, -0.1357},
	{2, 0.0000, 0.0318, -0.7578},
	{19, 0.0000, 0.0517, -0.4620},
	{18, 0.6931, 0.0431, -0.5378},
	{5, 0.0000, -0.0993, 0.1773},
	{11, 0.4444, -0.1865, 0.0925},
	{21, 0.3000, -0.2222, 0.0735},
	{9, 0.0000, 0.0471, -0.3518},
	{23, 0.0000, 0.0185, -0.6943},
	{15, 0.6557, -0.0744, 0.1865},
	{13, 0.0083, -0.1271, 0.1091},
	{2, 0.0000, 0.0163, -0.6836},
	{19, 0.0000, 0.0343, -0.3032},
	{16, 0.6429, -0.1169, 0.1041},
	{4, 0.0000, 0.0281, -0.4210},
	{1, 0.0000, -0.0341, 0.3483},
	{17, 1.1945, 0.0184, -0.4421},
	{21, 0.7000, -0.0619, 0.1211},
	{18, 0.7993, 0.0223, -0.3648},
	{12, 0.2804, -0.0493, 0.1585},
	{16, 0.0237, 0.4352, -0.0178},
	{23, 0.0000, 0.0106, -0.6522},
	{14, 0.1133, 0.1293, -0.0511},
	{7, 0.0000, -0.0449, 0.1341},
	{19, 0.0000, 0.0269, -0.2276},
	{15, 0.6557, -0.0458, 0.1239},
	{20, 0.4621, -0.0878, 0.0743},
	{21, 4.1000, 0.0026, -2.1112},
	{2, 0.0000, 0.0100, -0.5550},
	{24, 0.0000, 0.0515, -0.1048},
	{10, 0.9712, 0.0347, -0.1516},
	{13, 0.0083, -0.0793, 0.0706},
	{13, 0.1266, 0.0115, -0.4729},
	{23, 0.0000, 0.0066, -0.6246},
	{21, 1.5000, 0.0077, -0.5150},
	{21, 1.0000, -0.0237, 0.1791},
	{12, 0.5750, -0.0153, 0.2823},
	{4, 0.0000, 0.0164, -0.2653},
	{1, 0.0000, -0.0177, 0.2244},
	{16, 0.0237, 0.2833, -0.0129},
	{16, 0.7237, -0.0527, 0.0733},
	{15, 1.4000, -0.0138, 0.2788},
	{9, 0.0000, 0.0204, -0.1881},
	{21, 0.2000, -0.1597, 0.0245},
	{17, 1.1945, 0.0110, -0.3439},
	{13, 0.0196, -0.0437, 0.0816},
	{10, 0.9712, 0.0274, -0.1158},
	{13, 0.1266, 0.0084, -0.3733},
};

const char *lede__page_type(const lede__page_evidence *e)
{
	double x[LEDE__PAGE_FEATURES], z = 0;
	size_t i;

	lede__page_features(e, x);
	for (i = 0; i < sizeof(model) / sizeof(model[0]); i++)
		z += x[model[i].feature] <= model[i].threshold ? model[i].below : model[i].above;
	if (z >= 0)
		return "article";
	if (e->product_schema || e->url_product)
		return "product";
	if (e->forum_schema || e->url_forum)
		return "forum";
	if (e->listing_schema || e->url_listing || e->list_blocks * 2 > e->paragraphs)
		return "listing";
	return "other";
}
