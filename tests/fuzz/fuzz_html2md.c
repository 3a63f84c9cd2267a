/*
 * fuzz_html2md.c - libFuzzer target for the schedule text converters:
 * HTML abstracts to Markdown, and plain text to Markdown.  Their output
 * goes into records, so it must be text the record reader accepts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "html2md.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts when TEXT has a character no record may hold. */
static void
check_text(const char *what, const char *text, size_t len)
{
	struct crier_diags *diags = crier_diags_new();

	if (crier_text_check("fuzz.md", text, len, 1, diags) > 0) {
		fprintf(stderr, "%s gave text a record refuses: %s\n", what,
		        crier_diags_get(diags, 0)->message);
		abort();
	}
	crier_diags_free(diags);
}

/* Whether DATA is UTF-8 without NUL, as libxml2 hands text over. */
static int
is_xml_text(const uint8_t *data, size_t size)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < size) {
		n = crier_utf8_decode(data + i, size - i, &cp);
		if (n == 0 || cp == 0)
			return 0;
		i += n;
	}
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct crier_buf md = {0};
	char *text, *plain;

	if (!is_xml_text(data, size))
		return -1;   /* not an input a schedule can give */
	text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	crier_html_to_markdown(text, size, &md);
	if (md.data != NULL)
		check_text("html_to_markdown", md.data, md.len);
	crier_buf_free(&md);
	plain = crier_schedule_text_markdown(text);
	check_text("schedule_text_markdown", plain, strlen(plain));
	free(plain);
	free(text);
	return 0;
}
