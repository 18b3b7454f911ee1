# idle: a booted Debian guest doing nothing - the floor of what KSM finds
# (kernel text and data, page cache of the boot, zeroed and free pages).
setup() { sleep 5; }
steady() { sleep 60; }
