/*
 * schedmedia.c - which record field a schedule's attachment or link
 * becomes: Slides, Video, Attachment, or none (a link in the body).
 *
 * frab and pretalx attach files to events, and link pages.  The c3voc
 * schedule schema gives each a type ("slides", "media", "paper", ...);
 * frab's XML gives only a title, chosen by whoever uploaded the file
 * ("Slides").  Slides and videos are what people come back for after a
 * talk, and crier's Slides and Video fields list them apart, in the
 * feeds as enclosures.  A link becomes one only when its URL names a
 * file by its extension: a page (a video platform's, a slide sharing
 * site's) is not an enclosure, and stays a link in the body.
 */
#include <string.h>
#include <strings.h>

#include "import.h"
#include "media.h"

/* Whether TEXT is WORD, ignoring case and surrounding blanks. */
static int
is_word(const char *text, const char *word)
{
	size_t n = strlen(word), lead;

	if (text == NULL)
		return 0;
	lead = strspn(text, " \t");
	return strncasecmp(text + lead, word, n) == 0 &&
	       text[lead + n + strspn(text + lead + n, " \t")] == '\0';
}

enum crier_sched_media
crier_sched_media_kind(const char *type, const char *title, const char *url,
                       int is_link)
{
	const char *guess = crier_media_type_guess(url);
	int is_video_file = strncmp(guess, "video/", 6) == 0;
	enum crier_sched_media kind = is_link ? CRIER_SCHED_LINK
	    : CRIER_SCHED_ATTACHMENT;

	if (is_word(type, "slides"))
		kind = CRIER_SCHED_SLIDES;
	else if (is_word(type, "video") || (is_word(type, "media") &&
	    is_video_file))
		kind = CRIER_SCHED_VIDEO;
	else if (type == NULL && is_word(title, "slides"))
		kind = CRIER_SCHED_SLIDES;
	else if (type == NULL && is_word(title, "video"))
		kind = CRIER_SCHED_VIDEO;
	else if (!is_link && is_video_file)
		kind = CRIER_SCHED_VIDEO;
	if (is_link && kind != CRIER_SCHED_LINK &&
	    strcmp(guess, "application/octet-stream") == 0)
		return CRIER_SCHED_LINK;
	return kind;
}
