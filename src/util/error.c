#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static _Thread_local char message[1024];

int lede__error(int code, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vsnprintf(message, sizeof(message), format, args);
	va_end(args);
	return code;
}

int lede__error_nomem(void)
{
	return lede__error(LEDE_ENOMEM, "out of memory");
}

void lede__error_clear(void)
{
	message[0] = '\0';
}

const char *lede_errmsg(void)
{
	return message;
}

const char *lede_version(void)
{
	return LEDE_VERSION;
}
