// pinmail dashboard
