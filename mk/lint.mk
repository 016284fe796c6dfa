# `make lint`: static analysis of common/, compiler/, enforcer/ and tests/bin/
# by cppcheck, clang-tidy (checks in .clang-tidy) and a clang build of the
# whole tree with -Wall -Wextra -Werror (in $(BUILD)-clang). Each prints its
# findings as "file:line: tool: message" and fails when there is any.
# tests/lint/lint.sh does the work; tests/lint/t_lint.sh runs the same in
# the suite. Generated code (flex/bison output, compiler/vocab/*_gen.c) is
# left out.
.PHONY: lint lint-cppcheck lint-clang-tidy lint-clang
lint: lint-cppcheck lint-clang-tidy lint-clang

lint-cppcheck: $(GRAMMAR_GEN)/parser.h $(GRAMMAR_GEN)/lexer.h
	BUILD=$(BUILD) tests/lint/lint.sh cppcheck

lint-clang-tidy: $(GRAMMAR_GEN)/parser.h $(GRAMMAR_GEN)/lexer.h
	BUILD=$(BUILD) tests/lint/lint.sh clang-tidy

lint-clang:
	BUILD=$(BUILD) tests/lint/lint.sh clang
