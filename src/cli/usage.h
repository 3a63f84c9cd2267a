/*
 * usage.h - the help texts of the crier command (usage.c).
 */
#ifndef CRIER_USAGE_H
#define CRIER_USAGE_H

extern const char crier_usage_text[];
extern const char crier_check_usage_text[];
extern const char crier_build_usage_text[];
extern const char crier_publish_usage_text[];
extern const char crier_import_usage_text[];
extern const char crier_help_usage_text[];
extern const char crier_new_usage_text[];
extern const char crier_serve_usage_text[];

#endif /* CRIER_USAGE_H */
