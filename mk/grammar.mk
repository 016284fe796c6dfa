# The policy language: flex + bison generate into $(BUILD)/gen, the tree
# helpers live in grammar/ast.c. The front end links libcrypto for the
# SHA-256 of the sources (struct pol_ir's source_digest).
GRAMMAR_GEN = $(BUILD)/gen
GRAMMAR_OBJS = $(BUILD)/gen/parser.o $(BUILD)/gen/lexer.o $(BUILD)/grammar/ast.o
POLC_EXTRA_OBJS += $(GRAMMAR_OBJS)
POLC_LIBS += -lcrypto
# "grammar/ast.h" from anywhere
CPPFLAGS_ALL += -I.

# Generated code: bison's and flex's skeletons trip a few of our warnings.
GRAMMAR_RELAX = -Wno-unused-function -Wno-sign-compare -Wno-shadow \
	-Wno-missing-field-initializers -Wno-unused-but-set-variable -Wno-format-nonliteral

$(GRAMMAR_GEN)/parser.c $(GRAMMAR_GEN)/parser.h: grammar/parser.y
	@mkdir -p $(GRAMMAR_GEN)
	bison -Wall -Werror --defines=$(GRAMMAR_GEN)/parser.h -o $(GRAMMAR_GEN)/parser.c $<

$(GRAMMAR_GEN)/lexer.c $(GRAMMAR_GEN)/lexer.h: grammar/lexer.l
	@mkdir -p $(GRAMMAR_GEN)
	flex --header-file=$(GRAMMAR_GEN)/lexer.h -o $(GRAMMAR_GEN)/lexer.c $<

$(GRAMMAR_GEN)/parser.o: $(GRAMMAR_GEN)/parser.c $(GRAMMAR_GEN)/parser.h $(GRAMMAR_GEN)/lexer.h
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(GRAMMAR_RELAX) -c -o $@ $<

$(GRAMMAR_GEN)/lexer.o: $(GRAMMAR_GEN)/lexer.c $(GRAMMAR_GEN)/parser.h
	$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(GRAMMAR_RELAX) -c -o $@ $<

# Every object that includes the generated headers needs them first.
$(filter-out $(GRAMMAR_OBJS),$(POLC_SRCS:%.c=$(BUILD)/%.o)): | $(GRAMMAR_GEN)/parser.h $(GRAMMAR_GEN)/lexer.h
