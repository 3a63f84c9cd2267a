/* publish SOURCE OUT_DIR URL: crier publish --to URL, through crier.h. */
#include <stdio.h>
#include <time.h>

#include <crier.h>

int
main(int argc, char **argv)
{
	struct crier_diags *diags = crier_diags_new();
	struct crier_run_options options;
	struct crier_run *run;
	char line[1024];
	size_t i;
	int rc;

	if (argc != 4)
		return fprintf(stderr, "usage: publish SOURCE OUT URL\n"), 2;
	crier_run_options_init(&options);
	options.out_dir = argv[2];
	options.to_url = argv[3];
	options.now_s = options.started_s = (int64_t)time(NULL);
	rc = crier_run_load(1, (const char *const *)&argv[1], &options, diags,
	                    &run);
	rc = rc != CRIER_OK ? rc : crier_run_lock(run, diags);
	rc = rc != CRIER_OK ? rc : crier_run_build(run, 0, diags);
	rc = rc != CRIER_OK ? rc : crier_run_publish(run, 0, diags);
	if (rc == CRIER_OK)
		printf("sent %zu files\n", crier_run_result(run, 0)->sent);
	crier_diags_sort(diags);
	for (i = 0; i < crier_diags_count(diags); i++) {
		crier_diag_format(crier_diags_get(diags, i), line, sizeof(line));
		fprintf(stderr, "%s\n", line);
	}
	crier_run_free(run);
	crier_diags_free(diags);
	crier_cleanup();
	return rc == CRIER_OK ? 0 : 1;
}
