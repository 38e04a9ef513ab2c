"""Reference discovery: providers search for references for each claim; editors attach or dismiss them."""
