import threading
import multiprocessing
import time

def thread_task():
    print("Thread starting")
    time.sleep(1)
    print("Thread finished")

def process_task():
    print("Process starting")
    time.sleep(1)
    print("Process finished")

# Create and start a thread
t = threading.Thread(target=thread_task)
t.start()
t.join()

# Create and start a process
p = multiprocessing.Process(target=process_task)
p.start()
p.join()
