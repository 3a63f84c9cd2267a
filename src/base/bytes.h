/*
 * bytes.h - eight bytes of text at a time.  The read-back checks pass
 * over hundreds of megabytes of plain text, and a test of a whole word
 * costs what a test of one byte does.  Each test answers "does any byte
 * of the word ..." exactly (haszero, hasless and hasmore of Sean
 * Anderson's "Bit Twiddling Hacks"); which byte it is, the caller finds
 * a byte at a time.
 */
#ifndef CRIER_BYTES_H
#define CRIER_BYTES_H

#include <stdint.h>
#include <string.h>

#define CRIER_WORD_BYTES 8
#define CRIER_BYTES_ONES 0x0101010101010101u
#define CRIER_BYTES_HIGHS (CRIER_BYTES_ONES * 0x80)

/* The eight bytes at S, at any alignment. */
static inline uint64_t
crier_word_at(const void *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof(w));
	return w;
}

/* Whether a byte of W is below N, for N up to 128. */
static inline int
crier_word_has_below(uint64_t w, unsigned n)
{
	return ((w - CRIER_BYTES_ONES * n) & ~w & CRIER_BYTES_HIGHS) != 0;
}

/* Whether a byte of W is above N, for N up to 127. */
static inline int
crier_word_has_above(uint64_t w, unsigned n)
{
	return (((w + CRIER_BYTES_ONES * (127 - n)) | w) &
	        CRIER_BYTES_HIGHS) != 0;
}

/* Whether a byte of W is B. */
static inline int
crier_word_has(uint64_t w, unsigned char b)
{
	return crier_word_has_below(w ^ (CRIER_BYTES_ONES * b), 1);
}

/*
 * The high bit of each byte of W below N, for N up to 128, and no other
 * bit: unlike the tests above, exact for every byte (no byte's borrow
 * or carry reaches the next).
 */
static inline uint64_t
crier_word_below_mask(uint64_t w, unsigned n)
{
	uint64_t lows = CRIER_BYTES_ONES * 0x7F;

	return ~(((w & lows) + CRIER_BYTES_ONES * (0x80 - n)) | w) &
	       CRIER_BYTES_HIGHS;
}

/* The high bit of each byte of W that is B, and no other bit. */
static inline uint64_t
crier_word_equal_mask(uint64_t w, unsigned char b)
{
	uint64_t x = w ^ (CRIER_BYTES_ONES * b), lows = CRIER_BYTES_ONES * 0x7F;

	return ~(((x & lows) + lows) | x) & CRIER_BYTES_HIGHS;
}

/* Whether every byte of W is printable ASCII, ' ' to '~'. */
static inline int
crier_word_is_printable(uint64_t w)
{
	return !crier_word_has_below(w, 0x20) && !crier_word_has_above(w, 0x7E);
}

#endif /* CRIER_BYTES_H */
