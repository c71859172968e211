@echo off
rem The teardown command line from the distribution: every jar in ..\lib on the module path.
rem Uses %JAVA_HOME%\bin\java.exe when JAVA_HOME is set, else the java on the PATH (Java 17 or newer).
setlocal
set "TEARDOWN_HOME=%~dp0.."
rem Not inside an if-block: a JAVA_HOME such as C:\Program Files (x86)\... would end it early.
set "JAVA_EXE=java"
if defined JAVA_HOME set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
"%JAVA_EXE%" --enable-native-access=io.netty.common,com.sun.jna -p "%TEARDOWN_HOME%\lib" -m io.teardown.examples/io.teardown.examples.Teardown %*
exit /b %ERRORLEVEL%
