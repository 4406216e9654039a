/* planmon assess --method pace|sdg FILE.csv (placeholder until the assess reader lands) */
#include "cli/cli.h"

int cmd_assess(int argc, char **argv)
{
    (void)argc, (void)argv;
    return cli_fail(EXIT_FAIL, "assess: not built yet");
}
