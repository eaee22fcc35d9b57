import threading

def fibonacci(n):
    fib_sequence = [0, 1]
    for i in range(2, n):
        fib_sequence.append(fib_sequence[i-1] + fib_sequence[i-2])
    print(f"Fibonacci sequence: {fib_sequence}")

# Create and start the thread
thread = threading.Thread(target=fibonacci, args=(10,))
thread.start()

print("Main thread continues executing...")

# Wait for the thread to finish
thread.join()

print("Main thread exiting.")
