/* placeholder replaced by the enforcer's real entry point */
int main(void) { return 125; }
