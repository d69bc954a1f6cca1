"""Site administration: public bodies and County Voluntary Councils."""
